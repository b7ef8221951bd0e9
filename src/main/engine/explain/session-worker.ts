// Worker-thread entry owning the explainer's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread, so occlusion batches (hundreds of ms each on a ViT-B/32) would stall the
// engine's event loop; here they stall only this worker. Unlike models/visual-worker.ts it returns
// any requested outputs (patch_tokens as well as embedding), with their shapes.
// Messages: init -> ready; run (transferred Float32Array, fetches) -> outputs (transferred); close.
// Fixed-batch and uint8-input graphs are fed by models/visual-feed.ts like the embedder's.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { toErrorBody } from '../../../shared/errors';
import { inFlight } from '../util/in-flight';
import { createSession, type ProviderName } from '../models/providers';
import type { Normalisation } from '../models/rgb-tensor';
import { visualSignature } from '../models/session-signature';
import { VisualFeeder } from '../models/visual-feed';

export type SessionWorkerRequest =
  | { type: 'init'; modelPath: string; providers?: ProviderName[]; threads?: number; size: number; normalisation: Normalisation }
  | { type: 'run'; id: number; data: Float32Array; n: number; fetches: string[] }
  | { type: 'close' };

export type SessionWorkerReply =
  | { type: 'ready'; provider: ProviderName; inputNames: readonly string[]; outputNames: readonly string[] }
  | { type: 'result'; id: number; outputs: Record<string, { data: Float32Array; dims: number[] }> }
  | { type: 'error'; id: number | null; error: { kind: string; message: string } };

const port = parentPort;
if (!port) throw new Error('session-worker must run in a worker thread');
let session: ort.InferenceSession | null = null;
let feeder: VisualFeeder | null = null;
const runs = inFlight();

port.on('message', (msg: SessionWorkerRequest) => {
  void handle(msg);
});

async function handle(msg: SessionWorkerRequest): Promise<void> {
  try {
    if (msg.type === 'init') {
      const created = await createSession(msg.modelPath, msg.providers, msg.threads);
      session = created.session;
      feeder = new VisualFeeder(session, visualSignature(session), { size: msg.size, normalisation: msg.normalisation });
      const reply: SessionWorkerReply = { type: 'ready', provider: created.provider, inputNames: session.inputNames, outputNames: session.outputNames };
      port!.postMessage(reply);
    } else if (msg.type === 'run') {
      const f = feeder;
      if (!session || !f) throw new Error('the explain session is closed');
      const outputs = await runs.track(() => f.run({ kind: 'float', data: msg.data, n: msg.n }, msg.fetches));
      const transfer = Object.values(outputs).map((o) => o.data.buffer as ArrayBuffer);
      const reply: SessionWorkerReply = { type: 'result', id: msg.id, outputs };
      port!.postMessage(reply, transfer);
    } else {
      const closing = session;
      session = null; // runs that arrive now fail; those running finish first
      feeder = null;
      await runs.settled();
      await closing?.release();
      port!.close();
    }
  } catch (err) {
    const reply: SessionWorkerReply = { type: 'error', id: msg.type === 'run' ? msg.id : null, error: toErrorBody(err) };
    port!.postMessage(reply);
  }
}
