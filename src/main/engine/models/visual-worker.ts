// Worker-thread entry that owns a pack's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread (the promise only resolves later), so a 16-image batch would freeze the
// engine's event loop for seconds; here it freezes only this worker. Messages (src/shared/rpc-envelope.ts):
// - init -> ready with the provider and the graph's signature;
// - run: a transferred Float32Array -> raw embeddings plus the input buffer (both transferred
//   back, so the caller can reuse the buffer);
// - slot (a note): a shared RGB buffer the engine will fill again and again (sent once);
// - run-rgb: n model-sized RGB squares in a slot -> raw embeddings (normalised into a buffer of the
//   feeder's: onnxruntime-node does not accept shared memory);
// - close: runs in flight finish, the session is released.
// The session's own signature (fixed batch, float or uint8 input) is handled by VisualFeeder.
import * as ort from 'onnxruntime-node';
import { serveWorker } from '../util/worker-host';
import { createSession, type ProviderName } from './providers';
import { goldenRgb, selfTested } from './provider-check';
import type { Normalisation } from './rgb-tensor';
import { visualSignature, type VisualSignature } from './session-signature';
import { VisualFeeder, type ImageBatch } from './visual-feed';

export interface VisualWorkerInit {
  modelPath: string;
  providers?: ProviderName[];
  threads?: number;
  spin?: boolean;
  size: number;
  batch: number;
  normalisation: Normalisation;
}

export interface VisualWorkerInfo {
  provider: ProviderName;
  fallbackReason: string | null;
  signature: VisualSignature;
}

export type VisualWorkerRequest =
  | { type: 'run'; data: Float32Array; n: number }
  /** A note (no answer): a shared RGB buffer the engine will fill again and again. */
  | { type: 'slot'; slot: number; pixels: Uint8Array }
  | { type: 'run-rgb'; slot: number; n: number };

export interface VisualWorkerResult {
  data: Float32Array;
  /** The float input of a 'run', handed back for reuse. */
  input?: Float32Array;
}

let session: ort.InferenceSession | null = null;
let feeder: VisualFeeder | null = null;
let config: VisualWorkerInit | null = null;
const slots = new Map<number, Uint8Array>();

/** Raw embeddings of the batch's images, in a buffer of their own (transferable). */
async function embed(batch: ImageBatch): Promise<Float32Array> {
  const f = feeder;
  if (!session || !f) throw new Error('the visual session is closed');
  return (await f.run(batch))[f.signature.outputName]!.data;
}

serveWorker<VisualWorkerInit, VisualWorkerInfo, VisualWorkerRequest, VisualWorkerResult>({
  async init(msg) {
    const created = await createSession(msg.modelPath, msg.providers, msg.threads, msg.spin ?? true);
    const signature = visualSignature(created.session);
    const feedOpts = { size: msg.size, normalisation: msg.normalisation };
    const checked = await selfTested(created, {
      modelPath: msg.modelPath,
      threads: msg.threads,
      spin: msg.spin,
      golden: async (s) => (await new VisualFeeder(s, signature, feedOpts).run({ kind: 'rgb', data: goldenRgb(msg.size), n: 1 }))[signature.outputName]!.data,
    });
    session = checked.session;
    feeder = new VisualFeeder(session, signature, feedOpts);
    config = msg;
    return { provider: checked.provider, fallbackReason: checked.fallbackReason, signature };
  },
  async handle(msg) {
    if (msg.type === 'run') {
      const data = await embed({ kind: 'float', data: msg.data, n: msg.n });
      return { body: { data, input: msg.data }, transfer: [data.buffer as ArrayBuffer, msg.data.buffer as ArrayBuffer] };
    }
    if (msg.type !== 'run-rgb') throw new Error(`unexpected request ${msg.type}`);
    const pixels = slots.get(msg.slot);
    if (!pixels) throw new Error(`unknown RGB slot ${msg.slot}`);
    const S = config!.size;
    const data = await embed({ kind: 'rgb', data: pixels.subarray(0, msg.n * S * S * 3), n: msg.n });
    return { body: { data }, transfer: [data.buffer as ArrayBuffer] };
  },
  note(msg) {
    if (msg.type === 'slot') slots.set(msg.slot, msg.pixels);
  },
  async close() {
    // Runs in flight have settled (worker-host waits for them): the session can go.
    const closing = session;
    session = null;
    feeder = null;
    await closing?.release();
  },
});
