// Worker-thread entry owning the explainer's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread, so occlusion batches (hundreds of ms each on a ViT-B/32) would stall the
// engine's event loop; here they stall only this worker. Unlike models/visual-worker.ts it returns
// any requested outputs (patch_tokens as well as embedding), with their shapes.
// Messages (src/shared/rpc-envelope.ts): init -> ready; run (transferred Float32Array, fetches) ->
// outputs (transferred); close (runs in flight finish, then the session is released).
// Fixed-batch and uint8-input graphs are fed by models/visual-feed.ts like the embedder's.
import * as ort from 'onnxruntime-node';
import { serveWorker } from '../util/worker-host';
import { createSession, type ProviderName } from '../models/providers';
import type { Normalisation } from '../models/rgb-tensor';
import { visualSignature } from '../models/session-signature';
import { VisualFeeder } from '../models/visual-feed';

export interface SessionWorkerInit {
  modelPath: string;
  providers?: ProviderName[];
  threads?: number;
  size: number;
  normalisation: Normalisation;
}
export interface SessionWorkerInfo {
  provider: ProviderName;
  inputNames: readonly string[];
  outputNames: readonly string[];
}
export interface SessionWorkerRun {
  data: Float32Array;
  n: number;
  fetches: string[];
}
export type SessionWorkerOutputs = Record<string, { data: Float32Array; dims: number[] }>;

let session: ort.InferenceSession | null = null;
let feeder: VisualFeeder | null = null;

serveWorker<SessionWorkerInit, SessionWorkerInfo, SessionWorkerRun, SessionWorkerOutputs>({
  async init(msg) {
    const created = await createSession(msg.modelPath, msg.providers, msg.threads);
    session = created.session;
    feeder = new VisualFeeder(session, visualSignature(session), { size: msg.size, normalisation: msg.normalisation });
    return { provider: created.provider, inputNames: session.inputNames, outputNames: session.outputNames };
  },
  async handle(msg) {
    const f = feeder;
    if (!session || !f) throw new Error('the explain session is closed');
    const outputs = await f.run({ kind: 'float', data: msg.data, n: msg.n }, msg.fetches);
    return { body: outputs, transfer: Object.values(outputs).map((o) => o.data.buffer as ArrayBuffer) };
  },
  async close() {
    const closing = session;
    session = null;
    feeder = null;
    await closing?.release();
  },
});
