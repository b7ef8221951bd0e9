// One onnxruntime session over a visual model for explanations: batched runs that fetch only the
// outputs asked for, L2-normalised embeddings, and a running estimate of milliseconds per image (the
// occlusion planner sizes its mask count from it). onnxruntime-node computes on the calling JS
// thread, so the engine runs the session in a worker (session-worker.ts) and only tools and tests
// that do nothing else meanwhile run it in-thread.
import { GlimpseError } from '../../../shared/errors';
import { l2normalize } from '../models/embedder';
import { createSession, type ProviderName } from '../models/providers';
import type { Normalisation } from '../models/rgb-tensor';
import { visualSignature } from '../models/session-signature';
import { VisualFeeder } from '../models/visual-feed';
import { WorkerPool } from '../util/worker-pool';
import type { SessionWorkerInfo, SessionWorkerInit, SessionWorkerOutputs, SessionWorkerRun } from './session-worker';

export interface RawOutput {
  data: Float32Array;
  dims: number[];
}

interface Backend {
  provider: ProviderName;
  inputNames: readonly string[];
  outputNames: readonly string[];
  /** n CHW images; `data` may be transferred (detached) by the call. */
  run(data: Float32Array, n: number, fetches: string[]): Promise<Record<string, RawOutput>>;
  close(): Promise<void>;
}

interface BackendOptions {
  providers?: ProviderName[];
  threads?: number;
  size: number;
  normalisation: Normalisation;
}

async function inThreadBackend(modelPath: string, o: BackendOptions): Promise<Backend> {
  const { session, provider } = await createSession(modelPath, o.providers, o.threads);
  const feeder = new VisualFeeder(session, visualSignature(session), { size: o.size, normalisation: o.normalisation });
  return {
    provider,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: (data, n, fetches) => feeder.run({ kind: 'float', data, n }, fetches),
    close: () => session.release(),
  };
}

async function workerBackend(modelPath: string, o: BackendOptions): Promise<Backend> {
  const init: SessionWorkerInit = { modelPath, providers: o.providers, threads: o.threads, size: o.size, normalisation: { mean: o.normalisation.mean, std: o.normalisation.std } };
  const rpc = await WorkerPool.open<SessionWorkerInit, SessionWorkerInfo, SessionWorkerRun, SessionWorkerOutputs>({
    name: 'the explain session worker',
    url: new URL('./session-worker.ts', import.meta.url),
    init,
    perWorker: Infinity,
    restart: false,
  });
  return {
    provider: rpc.info.provider,
    inputNames: rpc.info.inputNames,
    outputNames: rpc.info.outputNames,
    async run(data, n, fetches) {
      return rpc.request({ data, n, fetches }, { transfer: [data.buffer as ArrayBuffer] });
    },
    close: () => rpc.close(),
  };
}

export interface VisualSessionOptions {
  providers?: ProviderName[];
  threads?: number;
  /** Run the model in a worker thread (default true): keeps the caller's event loop free. */
  inWorker?: boolean;
  /** The pack's normalisation: needed for graphs that take uint8 RGB (default: OpenAI CLIP's). */
  normalisation?: Normalisation;
}

const CLIP_NORMALISATION: Normalisation = { mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] };

export class VisualSession {
  /** Exponential moving average of ms per image in batched runs (null until measured). */
  msPerImage: number | null = null;
  /** Last single-image run time: a pessimistic stand-in until a batch has been timed. */
  msSingle: number | null = null;

  private constructor(
    private readonly backend: Backend,
    readonly modelPath: string,
    readonly size: number,
    readonly embeddingName: string,
    readonly inWorker: boolean,
  ) {}

  /** Opens `modelPath` with the same provider fallback as the embedder (GPU where available). */
  static async open(modelPath: string, size: number, opts: VisualSessionOptions = {}): Promise<VisualSession> {
    const inWorker = opts.inWorker ?? true;
    const backendOpts: BackendOptions = { providers: opts.providers, threads: opts.threads, size, normalisation: opts.normalisation ?? CLIP_NORMALISATION };
    const backend = await (inWorker ? workerBackend : inThreadBackend)(modelPath, backendOpts);
    const embeddingName = backend.outputNames.includes('embedding') ? 'embedding' : backend.outputNames[0]!;
    return new VisualSession(backend, modelPath, size, embeddingName, inWorker);
  }

  get provider(): ProviderName {
    return this.backend.provider;
  }

  get outputNames(): readonly string[] {
    return this.backend.outputNames;
  }

  /** Runs `n` CHW images packed in `batch` (left intact); returns the requested outputs. */
  async run(batch: Float32Array, n: number, fetches: string[]): Promise<Record<string, RawOutput>> {
    const s = this.size;
    const len = n * 3 * s * s;
    // The worker takes ownership of what it is sent, so send a copy; in-thread needs none.
    const data = this.inWorker ? batch.slice(0, len) : batch.subarray(0, len);
    const started = performance.now();
    const result = await this.backend.run(data, n, fetches);
    const per = (performance.now() - started) / n;
    // Batch-1 runs are less efficient than the batches occlusion uses; only learn from n > 1.
    if (n > 1) this.msPerImage = this.msPerImage === null ? per : 0.6 * this.msPerImage + 0.4 * per;
    else this.msSingle = per;
    for (const name of fetches) if (!result[name]) throw new GlimpseError('model-invalid', `visual model has no output "${name}"`);
    return result;
  }

  /** Best current estimate of ms per image (null before any run). */
  get estimateMs(): number | null {
    return this.msPerImage ?? this.msSingle;
  }

  /** L2-normalised embeddings of `n` images. */
  async embed(batch: Float32Array, n: number): Promise<Float32Array[]> {
    const embedding = (await this.run(batch, n, [this.embeddingName]))[this.embeddingName]!;
    const d = embedding.dims[1]!;
    return Array.from({ length: n }, (_, i) => l2normalize(embedding.data.slice(i * d, (i + 1) * d)));
  }

  async close(): Promise<void> {
    await this.backend.close();
  }
}

export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += a[offset + i]! * b[i]!;
  return s;
}
