// createOcrEngine(): the OCR engine callers use. By default OCR runs on a small pool of worker threads
// (onnxruntime-node blocks the thread that runs a model), so the caller's event loop stays free while
// pages are read. Jobs queue and go to the first idle worker; a worker that dies fails only its own
// job and is replaced. `workers: 0` runs everything in the calling thread instead.
import type { Worker } from 'node:worker_threads';
import { GlimpseError } from '../../../../shared/errors';
import { logger } from '../../util/logger';
import { startWorker } from '../../util/ts-worker';
import { createLocalOcrEngine } from './local-engine';
import type { OcrEngine, OcrEngineOptions, OcrResult, PdfPageInput } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

const log = logger('ocr');

interface Job {
  id: number;
  input: string | Buffer | PdfPageInput;
  resolve: (r: OcrResult) => void;
  reject: (e: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/** A job still running after this long (a page pdfjs cannot finish drawing, a hostile image) is given up. */
const DEFAULT_TIMEOUT_MS = 120_000;

interface Slot {
  worker: Worker;
  job: Job | null;
  /** Being terminated (a job ran over time): takes no more jobs. */
  stopping?: boolean;
}

export async function createOcrEngine(opts: OcrEngineOptions = {}): Promise<OcrEngine> {
  const count = opts.workers ?? 1;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(count) || count < 0) throw new GlimpseError('bad-request', `workers must be a whole number >= 0, got ${String(opts.workers)}`);
  if (count === 0) return createLocalOcrEngine(opts);

  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Promise<Slot> {
    const worker = startWorker(new URL('./ocr-worker.ts', import.meta.url));
    const slot: Slot = { worker, job: null };
    return new Promise<Slot>((resolve, reject) => {
      let ready = false;
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          ready = true;
          worker.unref();
          resolve(slot);
        } else if (msg.type === 'init-error') {
          void worker.terminate();
          reject(new GlimpseError(msg.error.kind, msg.error.message));
        } else if (msg.type === 'result' || msg.type === 'error') {
          const job = slot.job;
          slot.job = null;
          worker.unref();
          clearTimeout(job?.timer);
          if (job && job.id === msg.id) {
            if (msg.type === 'result') job.resolve(msg.result);
            else job.reject(new GlimpseError(msg.error.kind, msg.error.message));
          }
          pump();
        }
      });
      worker.on('error', (err) => {
        log.error('OCR worker failed', err);
        if (!ready) reject(new GlimpseError('internal', `OCR worker failed to start: ${err.message}`, { cause: err }));
      });
      worker.on('exit', (code) => {
        const idx = slots.indexOf(slot);
        if (idx >= 0) slots.splice(idx, 1);
        const job = slot.job;
        slot.job = null;
        clearTimeout(job?.timer);
        if (job) job.reject(new GlimpseError('internal', `the OCR worker stopped (exit code ${code}) while reading an image`));
        if (!ready) reject(new GlimpseError('internal', `OCR worker exited during start (exit code ${code})`));
        else if (!closed) {
          log.warn(`OCR worker exited (code ${code}); starting a new one`);
          spawn()
            .then((s) => {
              if (closed) void s.worker.terminate();
              else slots.push(s);
              pump();
            })
            .catch((err) => {
              log.error('could not restart an OCR worker', err);
              if (slots.length === 0) for (const j of queue.splice(0)) j.reject(err);
            });
        }
      });
      worker.postMessage({ type: 'init', options: { ...opts, workers: 0 } } satisfies ToWorker);
    });
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.job || slot.stopping || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      // The worker is stuck in native code or a loop: fail the job and replace the worker.
      job.timer = setTimeout(() => {
        if (slot.job !== job) return;
        slot.job = null;
        slot.stopping = true;
        log.warn(`OCR job ${job.id} ran over ${timeoutMs} ms; replacing its worker`);
        job.reject(new GlimpseError('timeout', `reading took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
        void slot.worker.terminate();
      }, timeoutMs);
      job.timer.unref();
      const input = typeof job.input === 'string' || !Buffer.isBuffer(job.input) ? job.input : new Uint8Array(job.input.buffer, job.input.byteOffset, job.input.byteLength);
      slot.worker.postMessage({ type: 'ocr', id: job.id, input } satisfies ToWorker);
    }
  }

  const started = await Promise.allSettled(Array.from({ length: count }, () => spawn()));
  for (const s of started) if (s.status === 'fulfilled') slots.push(s.value);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failed.reason;
  }

  function submit(input: Job['input']): Promise<OcrResult> {
    if (closed) return Promise.reject(new GlimpseError('cancelled', 'the OCR engine is closed'));
    return new Promise<OcrResult>((resolve, reject) => {
      queue.push({ id: nextId++, input, resolve, reject });
      pump();
    });
  }

  return {
    ocr(input) {
      if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
        return Promise.reject(new GlimpseError('bad-request', 'ocr() takes a file path or a Buffer'));
      }
      return submit(input);
    },
    ocrPdfPage(pdf, page) {
      if (typeof pdf !== 'string' || !Number.isInteger(page) || page < 1) return Promise.reject(new GlimpseError('bad-request', 'ocrPdfPage() takes a PDF path and a page number from 1'));
      return submit({ pdf, page });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new GlimpseError('cancelled', 'the OCR engine is closed'));
      await Promise.all(
        slots.map(
          (slot) =>
            new Promise<void>((resolve) => {
              slot.worker.once('exit', () => resolve());
              slot.worker.ref();
              slot.worker.postMessage({ type: 'close' } satisfies ToWorker);
            }),
        ),
      );
    },
  };
}
