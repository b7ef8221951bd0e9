// One onnxruntime session over a visual model for explanations: batched runs that fetch only the
// outputs asked for, L2-normalised embeddings, and a running estimate of milliseconds per image (the
// occlusion planner sizes its mask count from it). ORT runs on its own thread pool, so awaiting a run
// does not block the thread that answers queries.
import * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../shared/errors';
import { l2normalize } from '../models/embedder';
import { createSession, type ProviderName } from '../models/providers';

export interface RawOutput {
  data: Float32Array;
  dims: number[];
}

export class VisualSession {
  /** Exponential moving average of ms per image in batched runs (null until measured). */
  msPerImage: number | null = null;
  /** Last single-image run time: a pessimistic stand-in until a batch has been timed. */
  msSingle: number | null = null;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelPath: string,
    readonly inputName: string,
    readonly size: number,
    readonly embeddingName: string,
    readonly provider: ProviderName,
  ) {}

  /** Opens `modelPath` with the same provider fallback as the embedder (GPU where available). */
  static async open(modelPath: string, size: number, opts: { providers?: ProviderName[]; threads?: number } = {}): Promise<VisualSession> {
    const { session, provider } = await createSession(modelPath, opts.providers, opts.threads);
    const inputName = session.inputNames.includes('image') ? 'image' : session.inputNames[0]!;
    const embeddingName = session.outputNames.includes('embedding') ? 'embedding' : session.outputNames[0]!;
    return new VisualSession(session, modelPath, inputName, size, embeddingName, provider);
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs `n` CHW images packed in `batch`; returns the requested outputs. */
  async run(batch: Float32Array, n: number, fetches: string[]): Promise<Record<string, RawOutput>> {
    const s = this.size;
    const started = performance.now();
    const out = await this.session.run({ [this.inputName]: new ort.Tensor('float32', batch.subarray(0, n * 3 * s * s), [n, 3, s, s]) }, fetches);
    const per = (performance.now() - started) / n;
    // Batch-1 runs are less efficient than the batches occlusion uses; only learn from n > 1.
    if (n > 1) this.msPerImage = this.msPerImage === null ? per : 0.6 * this.msPerImage + 0.4 * per;
    else this.msSingle = per;
    const result: Record<string, RawOutput> = {};
    for (const name of fetches) {
      const t = out[name];
      if (!t) throw new GlimpseError('model-invalid', `visual model has no output "${name}"`);
      result[name] = { data: t.data as Float32Array, dims: t.dims.map(Number) };
    }
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
    await this.session.release();
  }
}

export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += a[offset + i]! * b[i]!;
  return s;
}
