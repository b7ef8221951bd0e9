// Worker-thread entry that owns a pack's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread (the promise only resolves later), so a 16-image batch would freeze the
// engine's event loop for seconds; here it freezes only this worker. Messages:
// - init -> ready;
// - run: a transferred Float32Array -> raw embeddings plus the input buffer (both transferred
//   back, so the caller can reuse the buffer);
// - slot: a shared RGB buffer the engine will fill again and again (sent once, no reply);
// - run-rgb: n model-sized RGB squares in a slot -> raw embeddings (normalised into a buffer of the
//   feeder's: onnxruntime-node does not accept shared memory);
// - close.
// The session's own signature (fixed batch, float or uint8 input) is handled by VisualFeeder.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { toErrorBody } from '../../../shared/errors';
import { inFlight } from '../util/in-flight';
import { createSession, type ProviderName } from './providers';
import { goldenRgb, selfTested } from './provider-check';
import type { Normalisation } from './rgb-tensor';
import { visualSignature, type VisualSignature } from './session-signature';
import { VisualFeeder, type ImageBatch } from './visual-feed';

export type VisualWorkerRequest =
  | { type: 'init'; modelPath: string; providers?: ProviderName[]; threads?: number; spin?: boolean; size: number; batch: number; normalisation: Normalisation }
  | { type: 'run'; id: number; data: Float32Array; n: number }
  | { type: 'slot'; slot: number; pixels: Uint8Array }
  | { type: 'run-rgb'; id: number; slot: number; n: number }
  | { type: 'close' };

export type VisualWorkerReply =
  | { type: 'ready'; provider: ProviderName; fallbackReason: string | null; signature: VisualSignature }
  | { type: 'result'; id: number; data: Float32Array; input?: Float32Array }
  | { type: 'error'; id: number | null; error: { kind: string; message: string } };

const port = parentPort;
if (!port) throw new Error('visual-worker must run in a worker thread');
let session: ort.InferenceSession | null = null;
let feeder: VisualFeeder | null = null;
let config: Extract<VisualWorkerRequest, { type: 'init' }> | null = null;
const slots = new Map<number, Uint8Array>();
const runs = inFlight();

port.on('message', (msg: VisualWorkerRequest) => {
  void handle(msg);
});

/** Raw embeddings of the batch's images, in a buffer of their own (transferable). */
function embed(batch: ImageBatch): Promise<Float32Array> {
  const f = feeder;
  if (!session || !f) throw new Error('the visual session is closed');
  return runs.track(async () => (await f.run(batch))[f.signature.outputName]!.data);
}

async function handle(msg: VisualWorkerRequest): Promise<void> {
  try {
    if (msg.type === 'init') {
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
      const reply: VisualWorkerReply = { type: 'ready', provider: checked.provider, fallbackReason: checked.fallbackReason, signature };
      port!.postMessage(reply);
    } else if (msg.type === 'run') {
      const data = await embed({ kind: 'float', data: msg.data, n: msg.n });
      const reply: VisualWorkerReply = { type: 'result', id: msg.id, data, input: msg.data };
      port!.postMessage(reply, [data.buffer as ArrayBuffer, msg.data.buffer as ArrayBuffer]);
    } else if (msg.type === 'slot') {
      slots.set(msg.slot, msg.pixels);
    } else if (msg.type === 'run-rgb') {
      const pixels = slots.get(msg.slot);
      if (!pixels) throw new Error(`unknown RGB slot ${msg.slot}`);
      const S = config!.size;
      const data = await embed({ kind: 'rgb', data: pixels.subarray(0, msg.n * S * S * 3), n: msg.n });
      const reply: VisualWorkerReply = { type: 'result', id: msg.id, data };
      port!.postMessage(reply, [data.buffer as ArrayBuffer]);
    } else {
      const closing = session;
      session = null; // runs that arrive now fail; those running finish first
      feeder = null;
      await runs.settled();
      await closing?.release();
      port!.close();
    }
  } catch (err) {
    const reply: VisualWorkerReply = { type: 'error', id: msg.type === 'run' || msg.type === 'run-rgb' ? msg.id : null, error: toErrorBody(err) };
    port!.postMessage(reply);
  }
}
