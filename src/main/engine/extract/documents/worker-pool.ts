// A small pool of extraction workers. Workers are reused because starting one costs far more than
// parsing a typical document (module loading; from source also the TypeScript loader), measured in
// bench/extract. A job over its time limit gets its worker terminated (pdfjs and friends cannot be
// interrupted any other way) and a fresh worker takes the next job. Idle workers are unref'd, so
// they never keep the process alive, and exit after a while to give their memory back.
import type { Worker } from 'node:worker_threads';
import { availableParallelism, totalmem } from 'node:os';
import { GlimpseError } from '../../../../shared/errors';
import type { ErrorBody } from '../../../../shared/contract';
import { logger } from '../../util/logger';
import { startWorker } from '../../util/ts-worker';
import type { ExtractJob } from './extract-worker';
import type { DocumentFormat, ExtractedDocument } from './types';

const log = logger('extract');

export interface PoolOptions {
  /** Workers running at once. Default: CPU count - 1, between 1 and 4. */
  size?: number;
  /** An idle worker exits after this long. Default 30 s. */
  idleMs?: number;
  /** V8 old-space limit per worker; a document that needs more fails with 'too-large'. Default 2048 MB. */
  maxMemoryMb?: number;
}

interface Task {
  job: Omit<ExtractJob, 'id'>;
  timeoutMs: number;
  resolve(doc: ExtractedDocument): void;
  reject(err: GlimpseError): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  jobId: number;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
}

type Reply = { id: number; ok: true; doc: ExtractedDocument } | { id: number; ok: false; error: ErrorBody };

export class ExtractWorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private readonly size: number;
  private readonly idleMs: number;
  private readonly maxMemoryMb: number;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.idleMs = options.idleMs ?? 30_000;
    this.maxMemoryMb = options.maxMemoryMb ?? 2048;
    // Sized by memory as well as cores: each worker may grow to maxMemoryMb, and all of them
    // together stay within half the machine's memory.
    const byMemory = Math.max(1, Math.floor(totalmem() / 1048576 / 2 / this.maxMemoryMb));
    this.size = Math.max(1, options.size ?? Math.min(4, byMemory, Math.max(1, availableParallelism() - 1)));
  }

  run(path: string, format: DocumentFormat, maxBytes: number, timeoutMs: number): Promise<ExtractedDocument> {
    if (this.closed) return Promise.reject(new GlimpseError('cancelled', 'document extraction is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { path, format, maxBytes }, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Terminates all workers; queued and running jobs fail with 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new GlimpseError('cancelled', 'document extraction was stopped'));
    const exits = [...this.slots].map((slot) => this.retire(slot, new GlimpseError('cancelled', 'document extraction was stopped')));
    await Promise.all(exits);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.task === null);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift();
      if (task) this.dispatch(slot, task);
    }
  }

  private spawn(): Slot {
    const worker = startWorker(new URL('./extract-worker.ts', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb },
    });
    const slot: Slot = { worker, task: null, jobId: 0, timer: null, idleTimer: null };
    this.slots.add(slot);
    worker.on('message', (reply: Reply) => this.onReply(slot, reply));
    worker.on('error', (err: Error & { code?: string }) => {
      // Uncaught in the worker: out of memory (a pathological document) or a crash.
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const failure = oom
        ? new GlimpseError('too-large', 'the document needs more memory than allowed to parse', { cause: err })
        : new GlimpseError('internal', `the extraction worker crashed: ${err.message}`, { cause: err });
      log.warn(`worker error on ${slot.task?.job.path ?? '(idle)'}`, err);
      void this.retire(slot, failure);
    });
    worker.on('exit', (code) => {
      if (this.slots.has(slot)) void this.retire(slot, new GlimpseError('internal', `the extraction worker exited unexpectedly (code ${code})`));
    });
    return slot;
  }

  private dispatch(slot: Slot, task: Task): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.task = task;
    slot.jobId = this.nextId++;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      const seconds = Math.round(task.timeoutMs / 100) / 10;
      void this.retire(slot, new GlimpseError('timeout', `reading the document took longer than ${seconds} s`));
    }, task.timeoutMs);
    slot.worker.postMessage({ ...task.job, id: slot.jobId } satisfies ExtractJob);
  }

  private onReply(slot: Slot, reply: Reply): void {
    const task = slot.task;
    if (!task || reply.id !== slot.jobId) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    if (reply.ok) task.resolve(reply.doc);
    else task.reject(new GlimpseError(reply.error.kind, reply.error.message));
    this.pump();
    if (slot.task === null && this.slots.has(slot)) {
      slot.worker.unref();
      slot.idleTimer = setTimeout(() => void this.retire(slot, null), this.idleMs);
      slot.idleTimer.unref();
    }
  }

  /** Removes a worker from the pool, failing its job with `failure`, and lets queued jobs move on. */
  private async retire(slot: Slot, failure: GlimpseError | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const task = slot.task;
    slot.task = null;
    if (task) task.reject(failure ?? new GlimpseError('internal', 'the extraction worker stopped'));
    if (!this.closed) this.pump();
    await slot.worker.terminate().catch(() => undefined);
  }
}
