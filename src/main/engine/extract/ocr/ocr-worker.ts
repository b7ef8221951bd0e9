// Worker-thread entry for OCR: hosts one in-thread engine (its own model sessions) and answers the
// pool's requests one at a time, so the model runs never block the thread that asked.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { toErrorBody } from '../../../../shared/errors';
import { createLocalOcrEngine } from './local-engine';
import type { OcrEngine } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

if (!parentPort) throw new Error('ocr-worker must run in a worker thread');
const port: MessagePort = parentPort;
let engine: OcrEngine | null = null;
const send = (msg: FromWorker) => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  void handle(msg);
});

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    try {
      engine = await createLocalOcrEngine({ ...msg.options, workers: 0 });
      send({ type: 'ready' });
    } catch (err) {
      send({ type: 'init-error', error: toErrorBody(err) });
    }
  } else if (msg.type === 'ocr') {
    try {
      if (!engine) throw new Error('OCR worker used before it was initialised');
      const input = msg.input;
      let result;
      if (typeof input === 'string') result = await engine.ocr(input);
      else if (input instanceof Uint8Array) result = await engine.ocr(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
      else result = await engine.ocrPdfPage(input.pdf, input.page);
      send({ type: 'result', id: msg.id, result });
    } catch (err) {
      send({ type: 'error', id: msg.id, error: toErrorBody(err) });
    }
  } else if (msg.type === 'close') {
    await engine?.close();
    engine = null;
    send({ type: 'closed' });
    port.close();
  }
}
