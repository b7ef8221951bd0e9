// A small pool of extraction workers (util/worker-pool.ts). Workers are reused because starting one
// costs far more than parsing a typical document (module loading; from source also the TypeScript
// loader), measured in bench/extract. A job over its time limit gets its worker terminated (pdfjs and
// friends cannot be interrupted any other way) and a fresh worker takes the next job. Idle workers
// never keep the process alive, and exit after a while to give their memory back.
import { availableParallelism, totalmem } from 'node:os';
import { GlimpseError } from '../../../../shared/errors';
import { WorkerPool } from '../../util/worker-pool';
import type { ExtractJob } from './extract-worker';
import type { DocumentFormat, ExtractedDocument } from './types';

export interface PoolOptions {
  /** Workers running at once. Default: CPU count - 1, between 1 and 4. */
  size?: number;
  /** An idle worker exits after this long. Default 30 s. */
  idleMs?: number;
  /** V8 old-space limit per worker; a document that needs more fails with 'too-large'. Default 2048 MB. */
  maxMemoryMb?: number;
}

export class ExtractWorkerPool {
  private readonly pool: Promise<WorkerPool<null, true, ExtractJob, ExtractedDocument>>;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    const maxMemoryMb = options.maxMemoryMb ?? 2048;
    // Sized by memory as well as cores: each worker may grow to maxMemoryMb, and all of them
    // together stay within half the machine's memory.
    const byMemory = Math.max(1, Math.floor(totalmem() / 1048576 / 2 / maxMemoryMb));
    const size = Math.max(1, options.size ?? Math.min(4, byMemory, Math.max(1, availableParallelism() - 1)));
    this.pool = WorkerPool.open<null, true, ExtractJob, ExtractedDocument>(
      {
        name: 'the extraction worker',
        url: new URL('./extract-worker.ts', import.meta.url),
        init: null,
        size,
        idleMs: options.idleMs ?? 30_000,
        closeGraceMs: 0, // a parse holds nothing to release: stop at once
        resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
        // Uncaught in the worker: out of memory (a pathological document) or a crash.
        crashError: (err: Error & { code?: string }) =>
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new GlimpseError('too-large', 'the document needs more memory than allowed to parse', { cause: err })
            : new GlimpseError('internal', `the extraction worker crashed: ${err.message}`, { cause: err }),
        timeoutMessage: (seconds) => `reading the document took longer than ${seconds} s`,
      },
      0,
    );
  }

  async run(path: string, format: DocumentFormat, maxBytes: number, timeoutMs: number): Promise<ExtractedDocument> {
    if (this.closed) throw new GlimpseError('cancelled', 'document extraction is shutting down');
    return (await this.pool).request({ path, format, maxBytes }, { timeoutMs });
  }

  /** Stops all workers; queued and running jobs fail with 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true;
    await (await this.pool).close();
  }
}
