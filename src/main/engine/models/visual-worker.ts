// Worker-thread entry that owns a pack's visual ONNX session. onnxruntime-node runs a session on
// the calling JS thread (the promise only resolves later), so a 16-image batch would freeze the
// engine's event loop for seconds; here it freezes only this worker. Messages:
// - init -> ready;
// - run: a transferred Float32Array -> raw embeddings plus the input buffer (both transferred
//   back, so the caller can reuse the buffer);
// - slot: a shared RGB buffer the engine will fill again and again (sent once, no reply);
// - run-rgb: n model-sized RGB squares in a slot -> raw embeddings. They are normalised into this
//   slot's own float buffer (onnxruntime-node does not accept shared memory);
// - close.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { toErrorBody } from '../../../shared/errors';
import { inFlight } from '../util/in-flight';
import { createSession, type ProviderName } from './providers';
import { rgbToTensor, type Normalisation } from './rgb-tensor';

export type VisualWorkerRequest =
  | { type: 'init'; modelPath: string; providers?: ProviderName[]; threads?: number; spin?: boolean; size: number; batch: number; normalisation: Normalisation }
  | { type: 'run'; id: number; data: Float32Array; n: number }
  | { type: 'slot'; slot: number; pixels: Uint8Array }
  | { type: 'run-rgb'; id: number; slot: number; n: number }
  | { type: 'close' };

export type VisualWorkerReply =
  | { type: 'ready'; provider: ProviderName; inputNames: readonly string[]; outputNames: readonly string[] }
  | { type: 'result'; id: number; data: Float32Array; input?: Float32Array }
  | { type: 'error'; id: number | null; error: { kind: string; message: string } };

const port = parentPort;
if (!port) throw new Error('visual-worker must run in a worker thread');
let session: ort.InferenceSession | null = null;
/** The session's embedding output ('embedding' in Immich packs, else the first). */
let outputName = '';
let config: Extract<VisualWorkerRequest, { type: 'init' }> | null = null;
const slots = new Map<number, { pixels: Uint8Array; tensor: Float32Array | null }>();
const runs = inFlight();

port.on('message', (msg: VisualWorkerRequest) => {
  void handle(msg);
});

/** Raw embeddings of the first n images of `input`, in a buffer of their own (transferable). */
function embed(input: Float32Array, n: number): Promise<Float32Array> {
  const s = session, S = config!.size;
  if (!s) throw new Error('the visual session is closed');
  return runs.track(async () => {
    const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input.subarray(0, n * 3 * S * S), [n, 3, S, S]) });
    return Float32Array.from(out[outputName]!.data as Float32Array);
  });
}

async function handle(msg: VisualWorkerRequest): Promise<void> {
  try {
    if (msg.type === 'init') {
      const created = await createSession(msg.modelPath, msg.providers, msg.threads, msg.spin ?? true);
      session = created.session;
      outputName = session.outputNames.includes('embedding') ? 'embedding' : session.outputNames[0]!;
      config = msg;
      const reply: VisualWorkerReply = { type: 'ready', provider: created.provider, inputNames: session.inputNames, outputNames: session.outputNames };
      port!.postMessage(reply);
    } else if (msg.type === 'run') {
      const data = await embed(msg.data, msg.n);
      const reply: VisualWorkerReply = { type: 'result', id: msg.id, data, input: msg.data };
      port!.postMessage(reply, [data.buffer as ArrayBuffer, msg.data.buffer as ArrayBuffer]);
    } else if (msg.type === 'slot') {
      slots.set(msg.slot, { pixels: msg.pixels, tensor: null });
    } else if (msg.type === 'run-rgb') {
      const slot = slots.get(msg.slot);
      if (!slot) throw new Error(`unknown RGB slot ${msg.slot}`);
      const { size: S, batch, normalisation } = config!;
      const per = 3 * S * S, bytes = S * S * 3;
      // Allocated once per slot: a fresh 10 MB buffer per batch would make this isolate collect often.
      const tensor = (slot.tensor ??= new Float32Array(batch * per));
      for (let j = 0; j < msg.n; j++) rgbToTensor(slot.pixels.subarray(j * bytes, (j + 1) * bytes), S, normalisation, tensor.subarray(j * per, (j + 1) * per));
      const data = await embed(tensor, msg.n);
      const reply: VisualWorkerReply = { type: 'result', id: msg.id, data };
      port!.postMessage(reply, [data.buffer as ArrayBuffer]);
    } else {
      const closing = session;
      session = null; // runs that arrive now fail; those running finish first
      await runs.settled();
      await closing?.release();
      port!.close();
    }
  } catch (err) {
    const reply: VisualWorkerReply = { type: 'error', id: msg.type === 'run' || msg.type === 'run-rgb' ? msg.id : null, error: toErrorBody(err) };
    port!.postMessage(reply);
  }
}
