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
      const input = typeof msg.input === 'string' ? msg.input : Buffer.from(msg.input.buffer, msg.input.byteOffset, msg.input.byteLength);
      send({ type: 'result', id: msg.id, result: await engine.ocr(input) });
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
