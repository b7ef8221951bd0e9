// Runs a pack's visual model either in a worker thread (the engine: keeps the event loop free
// while indexing) or in the calling thread (tools and tests that do nothing else meanwhile).
// Two inputs: float tensors (query images, benchmarks) and model-sized RGB squares (indexing).
// Both return raw (unnormalised) embeddings, row-major [n, dim].
//
// RGB squares reach the worker through shared memory: a few SharedArrayBuffer slots, each sent to
// the worker once, that the engine fills and the worker normalises into its own float buffers. A
// transferred ArrayBuffer counts as a fresh external allocation in the receiving isolate, so
// sending each 10 MB float batch there and back made V8 run a full mark-compact every ~30 photos
// (34 per 1000 flickr8k photos; 1 with shared slots).
import { GlimpseError } from '../../../shared/errors';
import { WorkerPool } from '../util/worker-pool';
import { createSession, type ProviderName } from './providers';
import { goldenRgb, selfTested } from './provider-check';
import type { Normalisation } from './rgb-tensor';
import { visualSignature, type VisualSignature } from './session-signature';
import { VisualFeeder } from './visual-feed';
import type { VisualWorkerInfo, VisualWorkerInit, VisualWorkerRequest, VisualWorkerResult } from './visual-worker';

export interface VisualRunner {
  readonly provider: ProviderName;
  /** Why the visual session is not on a better provider (creation or self-test failed), else null. */
  readonly fallbackReason: string | null;
  /** What the graph takes (fixed batch, float or uint8 pixels): the runner adapts to it. */
  readonly signature: VisualSignature;
  /** Float tensors [n,3,S,S]. Resolves with the embeddings and `batch` back (reusable: the worker transfers it there and back). */
  runTensors(batch: Float32Array, n: number): Promise<VisualRunResult>;
  /** Model-sized RGB squares (HWC uint8, S x S x 3 each), at most `batch` of them, normalised by the runner. */
  runRgb(rgbs: readonly Uint8Array[]): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface VisualRunResult {
  embeddings: Float32Array;
  /** The batch buffer that was passed in, usable again. */
  input: Float32Array;
}

export interface VisualRunnerOptions {
  modelPath: string;
  /** Side of the model square. */
  size: number;
  normalisation: Normalisation;
  /** Most images per run. */
  batch: number;
  providers?: ProviderName[];
  threads?: number;
}

function checkRgb(rgbs: readonly Uint8Array[], opts: VisualRunnerOptions): void {
  const bytes = opts.size * opts.size * 3;
  if (rgbs.length === 0 || rgbs.length > opts.batch) throw new GlimpseError('bad-request', `${rgbs.length} images for a visual batch of at most ${opts.batch}`);
  for (const rgb of rgbs) if (rgb.length !== bytes) throw new GlimpseError('bad-request', `RGB square has ${rgb.length} bytes, expected ${bytes}`);
}

export async function openInThreadRunner(opts: VisualRunnerOptions): Promise<VisualRunner> {
  const created = await createSession(opts.modelPath, opts.providers, opts.threads);
  const feedOpts = { size: opts.size, normalisation: opts.normalisation };
  let checked;
  let feeder: VisualFeeder;
  try {
    const signature = visualSignature(created.session);
    checked = await selfTested(created, {
      modelPath: opts.modelPath,
      threads: opts.threads,
      golden: async (s) => (await new VisualFeeder(s, signature, feedOpts).run({ kind: 'rgb', data: goldenRgb(opts.size), n: 1 }))[signature.outputName]!.data,
    });
    feeder = new VisualFeeder(checked.session, signature, feedOpts);
  } catch (err) {
    await created.session.release().catch(() => undefined);
    throw err;
  }
  const { session, provider, fallbackReason } = checked;
  const output = feeder.signature.outputName;
  const per = 3 * opts.size * opts.size;
  return {
    provider,
    fallbackReason,
    signature: feeder.signature,
    async runTensors(batch, n) {
      const out = await feeder.run({ kind: 'float', data: batch.subarray(0, n * per), n });
      return { embeddings: out[output]!.data, input: batch };
    },
    async runRgb(rgbs) {
      checkRgb(rgbs, opts);
      const data = new Uint8Array(rgbs.length * per);
      rgbs.forEach((rgb, j) => data.set(rgb, j * per));
      return (await feeder.run({ kind: 'rgb', data, n: rgbs.length }))[output]!.data;
    },
    close: () => session.release(),
  };
}

export async function openWorkerRunner(opts: VisualRunnerOptions): Promise<VisualRunner> {
  // The worker runner is the indexing path, where decoding shares the cores: no spin-waiting
  // (GLIMPSE_ORT_SPIN=1 turns it on). Interleaved end-to-end runs on 2 cores were a wash (34.3 and
  // 33.6 images/s without, 34.7 and 33.3 with), but spinning burnt 1.97 cores instead of 1.91:
  // CPU and battery a background indexer should leave to the user.
  const init: VisualWorkerInit = {
    modelPath: opts.modelPath,
    providers: opts.providers,
    threads: opts.threads,
    spin: process.env.GLIMPSE_ORT_SPIN === '1',
    size: opts.size,
    batch: opts.batch,
    normalisation: { mean: opts.normalisation.mean, std: opts.normalisation.std },
  };
  // One worker, every request sent at once (it queues them itself), no restart: a crashed model fails
  // every later run, as a crashed in-thread session would.
  const rpc = await WorkerPool.open<VisualWorkerInit, VisualWorkerInfo, VisualWorkerRequest, VisualWorkerResult>({
    name: 'the visual model worker',
    url: new URL('./visual-worker.ts', import.meta.url),
    init,
    perWorker: Infinity,
    restart: false,
  });
  const squareBytes = opts.size * opts.size * 3;
  /** Shared RGB slots, by number; `free` holds those not in a run. */
  const slots: Uint8Array[] = [];
  const free: number[] = [];
  const takeSlot = (): number => {
    const k = free.pop();
    if (k !== undefined) return k;
    slots.push(new Uint8Array(new SharedArrayBuffer(opts.batch * squareBytes)));
    const slot = slots.length - 1;
    // Posted before the run that first uses it: a port delivers messages in order.
    rpc.note({ type: 'slot', slot, pixels: slots[slot]! });
    return slot;
  };
  return {
    provider: rpc.info.provider,
    fallbackReason: rpc.info.fallbackReason,
    signature: rpc.info.signature,
    async runTensors(batch, n) {
      const reply = await rpc.request({ type: 'run', data: batch, n }, { transfer: [batch.buffer as ArrayBuffer] });
      return { embeddings: reply.data, input: reply.input! };
    },
    async runRgb(rgbs) {
      checkRgb(rgbs, opts);
      const slot = takeSlot();
      try {
        const pixels = slots[slot]!;
        rgbs.forEach((rgb, j) => pixels.set(rgb, j * squareBytes));
        const reply = await rpc.request({ type: 'run-rgb', slot, n: rgbs.length });
        return reply.data;
      } finally {
        free.push(slot);
      }
    },
    close: () => rpc.close(),
  };
}
