// Worker-thread entry for OCR: hosts one in-thread engine (its own model sessions) and answers the
// pool's requests one at a time, so the model runs never block the thread that asked.
import { serveWorker } from '../../util/worker-host';
import { createLocalOcrEngine } from './local-engine';
import type { OcrJob } from './ocr-engine';
import type { OcrEngine, OcrEngineOptions, OcrResult } from './types';

let engine: OcrEngine | null = null;

serveWorker<OcrEngineOptions, true, OcrJob, OcrResult>({
  async init(options) {
    engine = await createLocalOcrEngine({ ...options, workers: 0 });
    return true as const;
  },
  async handle(input) {
    if (!engine) throw new Error('OCR worker used before it was initialised');
    if (typeof input === 'string') return { body: await engine.ocr(input) };
    if (input instanceof Uint8Array) return { body: await engine.ocr(Buffer.from(input.buffer, input.byteOffset, input.byteLength)) };
    return { body: await engine.ocrPdfPage(input.pdf, input.page) };
  },
  async close() {
    await engine?.close();
    engine = null;
  },
});
