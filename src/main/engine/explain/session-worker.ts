// Worker-thread entry owning the explainer's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread, so occlusion batches (hundreds of ms each on a ViT-B/32) would stall the
// engine's event loop; here they stall only this worker. Unlike models/visual-worker.ts it returns
// any requested outputs (patch_tokens as well as embedding), with their shapes.
// Messages: init -> ready; run (transferred Float32Array, fetches) -> outputs (transferred); close.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { toErrorBody } from '../../../shared/errors';
import { inFlight } from '../util/in-flight';
import { createSession, type ProviderName } from '../models/providers';

export type SessionWorkerRequest =
  | { type: 'init'; modelPath: string; providers?: ProviderName[]; threads?: number }
  | { type: 'run'; id: number; data: Float32Array; dims: number[]; fetches: string[] }
  | { type: 'close' };

export type SessionWorkerReply =
  | { type: 'ready'; provider: ProviderName; inputNames: readonly string[]; outputNames: readonly string[] }
  | { type: 'result'; id: number; outputs: Record<string, { data: Float32Array; dims: number[] }> }
  | { type: 'error'; id: number | null; error: { kind: string; message: string } };

const port = parentPort;
if (!port) throw new Error('session-worker must run in a worker thread');
let session: ort.InferenceSession | null = null;
let inputName = 'image';
const runs = inFlight();

port.on('message', (msg: SessionWorkerRequest) => {
  void handle(msg);
});

async function handle(msg: SessionWorkerRequest): Promise<void> {
  try {
    if (msg.type === 'init') {
      const created = await createSession(msg.modelPath, msg.providers, msg.threads);
      session = created.session;
      inputName = session.inputNames.includes('image') ? 'image' : session.inputNames[0]!;
      const reply: SessionWorkerReply = { type: 'ready', provider: created.provider, inputNames: session.inputNames, outputNames: session.outputNames };
      port!.postMessage(reply);
    } else if (msg.type === 'run') {
      const s = session;
      if (!s) throw new Error('the explain session is closed');
      const out = await runs.track(() => s.run({ [inputName]: new ort.Tensor('float32', msg.data, msg.dims) }, msg.fetches));
      const outputs: Record<string, { data: Float32Array; dims: number[] }> = {};
      const transfer: ArrayBuffer[] = [];
      for (const name of msg.fetches) {
        const t = out[name];
        if (!t) continue;
        const data = Float32Array.from(t.data as Float32Array);
        outputs[name] = { data, dims: t.dims.map(Number) };
        transfer.push(data.buffer);
      }
      const reply: SessionWorkerReply = { type: 'result', id: msg.id, outputs };
      port!.postMessage(reply, transfer);
    } else {
      const closing = session;
      session = null; // runs that arrive now fail; those running finish first
      await runs.settled();
      await closing?.release();
      port!.close();
    }
  } catch (err) {
    const reply: SessionWorkerReply = { type: 'error', id: msg.type === 'run' ? msg.id : null, error: toErrorBody(err) };
    port!.postMessage(reply);
  }
}
