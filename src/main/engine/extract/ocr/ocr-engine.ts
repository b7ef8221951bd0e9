// createOcrEngine(): the OCR engine callers use. By default OCR runs on a small pool of worker threads
// (onnxruntime-node blocks the thread that runs a model), so the caller's event loop stays free while
// pages are read (util/worker-pool.ts): jobs queue and go to the first idle worker; a worker that
// dies fails only its own job and is replaced; a job over its time limit is given up and its worker
// replaced. `workers: 0` runs everything in the calling thread instead.
import { GlimpseError } from '../../../../shared/errors';
import { WorkerPool } from '../../util/worker-pool';
import { createLocalOcrEngine } from './local-engine';
import type { OcrEngine, OcrEngineOptions, OcrResult, PdfPageInput } from './types';

/** What the OCR worker is asked: an image (path or bytes) or a PDF page. */
export type OcrJob = string | Uint8Array | PdfPageInput;

/** A job still running after this long (a page pdfjs cannot finish drawing, a hostile image) is given up. */
const DEFAULT_TIMEOUT_MS = 120_000;

export async function createOcrEngine(opts: OcrEngineOptions = {}): Promise<OcrEngine> {
  const count = opts.workers ?? 1;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(count) || count < 0) throw new GlimpseError('bad-request', `workers must be a whole number >= 0, got ${String(opts.workers)}`);
  if (count === 0) return createLocalOcrEngine(opts);

  // All workers start now, so a missing or broken model fails here, not on the first page.
  const pool = await WorkerPool.open<OcrEngineOptions, true, OcrJob, OcrResult>(
    {
      name: 'the OCR worker',
      url: new URL('./ocr-worker.ts', import.meta.url),
      init: { ...opts, workers: 0 },
      size: count,
      timeoutMs,
      timeoutMessage: (seconds) => `reading took longer than ${Math.round(seconds)} s and was stopped`,
    },
    count,
  );
  let closed = false;
  const submit = (job: OcrJob): Promise<OcrResult> => {
    if (closed) return Promise.reject(new GlimpseError('cancelled', 'the OCR engine is closed'));
    return pool.request(job);
  };

  return {
    ocr(input) {
      if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
        return Promise.reject(new GlimpseError('bad-request', 'ocr() takes a file path or a Buffer'));
      }
      return submit(typeof input === 'string' ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    },
    ocrPdfPage(pdf, page) {
      if (typeof pdf !== 'string' || !Number.isInteger(page) || page < 1) return Promise.reject(new GlimpseError('bad-request', 'ocrPdfPage() takes a PDF path and a page number from 1'));
      return submit({ pdf, page });
    },
    async close() {
      closed = true;
      await pool.close();
    },
  };
}
