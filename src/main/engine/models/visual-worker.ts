// Worker-thread entry that owns a pack's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread (the promise only resolves later), so a 16-image batch would freeze the
// engine's event loop for seconds; here it freezes only this worker. Messages: init -> ready,
// run (transferred Float32Array) -> raw embeddings plus the input buffer (both transferred back, so
// the engine reuses batch buffers instead of allocating ~10 MB per batch), close.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { toErrorBody } from '../../../shared/errors';
import { createSession, type ProviderName } from './providers';

export type VisualWorkerRequest =
  | { type: 'init'; modelPath: string; providers?: ProviderName[]; threads?: number; spin?: boolean }
  | { type: 'run'; id: number; data: Float32Array; n: number; size: number }
  | { type: 'close' };

export type VisualWorkerReply =
  | { type: 'ready'; provider: ProviderName; inputNames: readonly string[]; outputNames: readonly string[] }
  | { type: 'result'; id: number; data: Float32Array; input: Float32Array }
  | { type: 'error'; id: number | null; error: { kind: string; message: string } };

const port = parentPort;
if (!port) throw new Error('visual-worker must run in a worker thread');
let session: ort.InferenceSession | null = null;

port.on('message', (msg: VisualWorkerRequest) => {
  void handle(msg);
});

async function handle(msg: VisualWorkerRequest): Promise<void> {
  try {
    if (msg.type === 'init') {
      const created = await createSession(msg.modelPath, msg.providers, msg.threads, msg.spin ?? true);
      session = created.session;
      const reply: VisualWorkerReply = { type: 'ready', provider: created.provider, inputNames: session.inputNames, outputNames: session.outputNames };
      port!.postMessage(reply);
    } else if (msg.type === 'run') {
      const s = session!;
      const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', msg.data, [msg.n, 3, msg.size, msg.size]) });
      const name = s.outputNames.includes('embedding') ? 'embedding' : s.outputNames[0]!;
      const data = Float32Array.from(out[name]!.data as Float32Array);
      const reply: VisualWorkerReply = { type: 'result', id: msg.id, data, input: msg.data };
      port!.postMessage(reply, [data.buffer, msg.data.buffer as ArrayBuffer]);
    } else {
      await session?.release();
      session = null;
      port!.close();
    }
  } catch (err) {
    const reply: VisualWorkerReply = { type: 'error', id: msg.type === 'run' ? msg.id : null, error: toErrorBody(err) };
    port!.postMessage(reply);
  }
}
