// The CLIP embedder: a pack's visual and textual ONNX sessions, batched, outputs L2-normalised.
// Sessions run on onnxruntime's own threads (session.run is async), so the caller's event loop
// stays free while a batch runs. The text session is created at open and kept warm for queries.
import * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../shared/errors';
import type { ModelPack } from './pack';
import { modelSquareRgb } from './preprocess';
import { createSession, candidateProviders, type ProviderName } from './providers';
import { GOLDEN_TEXT, selfTested } from './provider-check';
import { textSignature, type TextSignature } from './session-signature';
import { openVisualWorkers } from './visual-pool';
import { openInThreadRunner, type VisualRunner, type VisualRunnerOptions } from './visual-runner';
import { TextTokenizer } from './tokenizer';
import { concatFloat32 } from '../vectors';
import { logger } from '../util/logger';

const log = logger('embedder');

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  return v;
}

/** Cosine similarity (also used by tests and tools that import it from here). */
export { cosine } from '../vectors';

export interface EmbedderOptions {
  providers?: ProviderName[];
  /** Max images per visual batch. */
  imageBatch?: number;
  textBatch?: number;
  threads?: number;
  /** Run the visual model in a worker thread (default false; the engine sets true). */
  visualInWorker?: boolean;
  /**
   * Load the visual model now, alongside the text session, instead of on first use: for processes
   * about to index, whose first batch would otherwise wait for the whole load (the worker's start,
   * then the session: ~0.35 s after indexing began on 1000 flickr8k photos, bench/index).
   */
  loadVisual?: boolean;
  /**
   * Release the visual model after this long unused (default 120 s; 0 keeps it). It is ~0.9 GB
   * of a ViT-B/32 process and is needed only while indexing or for an image query; it loads again
   * on the next use (as Immich's machine-learning service unloads idle models).
   */
  visualIdleMs?: number;
}

const DEFAULT_VISUAL_IDLE_MS = 120_000;

export class ClipEmbedder {
  readonly pack: ModelPack;
  readonly tokenizer: TextTokenizer;
  readonly provider: ProviderName;
  /** Why the text session is not on a better provider (see provider-check.ts), else null. */
  private readonly textFallbackReason: string | null;
  readonly imageBatch: number;
  readonly textBatch: number;
  private readonly textSession: ort.InferenceSession;
  /** What the text graph takes: input names, int32/int64 ids, fixed batch and length. */
  readonly textSignature: TextSignature;
  private visualLoading: Promise<VisualRunner> | null = null;
  private visualLoaded = false;
  private visualRunner: VisualRunner | null = null;
  private readonly providers: ProviderName[];
  private readonly threads: number | undefined;
  private readonly visualInWorker: boolean;
  private readonly visualIdleMs: number;
  /** Calls using the visual model now; the idle timer runs only while there are none. */
  private visualUsers = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /**
   * Full-size float batch buffers (imageBatch x 3 x S x S, ~10 MB for ViT-B/32) handed back by
   * the runner, reused for the next batches of embedImageTensors: a fresh one per batch meant page
   * faults on every first touch. (Indexing sends RGB squares instead: see visual-runner.ts.)
   */
  private readonly spareBatches: Float32Array[] = [];

  private constructor(pack: ModelPack, tokenizer: TextTokenizer, textSession: ort.InferenceSession, signature: TextSignature, provider: ProviderName, fallbackReason: string | null, opts: EmbedderOptions, visualLoading: Promise<VisualRunner> | null) {
    this.pack = pack;
    this.tokenizer = tokenizer;
    this.textSession = textSession;
    this.provider = provider;
    this.textFallbackReason = fallbackReason;
    this.providers = opts.providers ?? candidateProviders();
    this.threads = opts.threads;
    this.visualInWorker = opts.visualInWorker ?? false;
    this.visualIdleMs = opts.visualIdleMs ?? DEFAULT_VISUAL_IDLE_MS;
    if (visualLoading) this.trackVisual(visualLoading);
    this.imageBatch = opts.imageBatch ?? 16;
    this.textBatch = opts.textBatch ?? 32;
    this.textSignature = signature;
  }

  static async open(pack: ModelPack, opts: EmbedderOptions = {}): Promise<ClipEmbedder> {
    const early = opts.loadVisual ? ClipEmbedder.openVisual(pack, opts) : null;
    early?.catch(() => undefined); // a failed load resurfaces (and is retried) when visual() is asked
    try {
      // Unpacked weights: ~93 MB less resident for the session that stays loaded (providers.ts).
      const created = await createSession(pack.textualModelPath, opts.providers, opts.threads, true, false);
      let session = created.session;
      try {
        const signature = textSignature(session);
        // A graph that fixes the token count is the truth; config.json's context_length is a hint.
        const tokenizer = TextTokenizer.load(pack, signature.fixedLength ?? pack.contextLength, { clean: pack.textClean, nllb: pack.nllb });
        const golden = tokenizer.encodeBatch([GOLDEN_TEXT], 'en');
        const checked = await selfTested(created, {
          modelPath: pack.textualModelPath,
          threads: opts.threads,
          golden: (s) => runTextRows(s, signature, tokenizer.contextLength, golden.ids, golden.attentionMask, 1),
        });
        session = checked.session;
        return new ClipEmbedder(pack, tokenizer, session, signature, checked.provider, checked.fallbackReason, opts, early);
      } catch (err) {
        await session.release().catch(() => undefined);
        throw err;
      }
    } catch (err) {
      if (early) await (await early.catch(() => null))?.close();
      throw err;
    }
  }

  private static openVisual(pack: ModelPack, opts: EmbedderOptions): Promise<VisualRunner> {
    const { size, mean, std } = pack.preprocess;
    const runnerOpts: VisualRunnerOptions = { modelPath: pack.visualModelPath, size, normalisation: { mean, std }, batch: opts.imageBatch ?? 16, providers: opts.providers ?? candidateProviders(), threads: opts.threads };
    return opts.visualInWorker ? openVisualWorkers(runnerOpts) : openInThreadRunner(runnerOpts);
  }

  get dim(): number {
    return this.pack.embedDim;
  }

  /** The visual model runner, created on first use (a query-only process never pays for it) or at open (loadVisual). */
  visual(): Promise<VisualRunner> {
    return this.visualLoading ?? this.trackVisual(ClipEmbedder.openVisual(this.pack, { providers: this.providers, threads: this.threads, imageBatch: this.imageBatch, visualInWorker: this.visualInWorker }));
  }

  /** Remembers a load in progress: ready once it resolves, forgotten (so retried next time) if it fails. */
  private trackVisual(loading: Promise<VisualRunner>): Promise<VisualRunner> {
    this.visualLoading = loading;
    loading.then(
      (runner) => {
        this.visualLoaded = this.visualLoading === loading;
        if (this.visualLoaded) {
          this.visualRunner = runner;
          if (this.visualUsers === 0) this.armIdleRelease(); // loaded ahead of use (warm-up)
        }
      },
      () => {
        if (this.visualLoading === loading) this.visualLoading = null;
      },
    );
    return loading;
  }

  /**
   * Why either tower is not on the best provider offered (creation or self-test failed), null when
   * nothing fell back; the visual tower counts once it is loaded.
   */
  get providerFallbackReason(): string | null {
    const visual = this.visualRunner?.fallbackReason ?? null;
    if (this.textFallbackReason && visual && visual !== this.textFallbackReason) return `text: ${this.textFallbackReason}; images: ${visual}`;
    return this.textFallbackReason ?? (visual ? `images: ${visual}` : null);
  }

  /** Runs `fn` with the visual model, loading it if needed; the idle release waits for it. */
  private async withVisual<T>(fn: (runner: VisualRunner) => Promise<T>): Promise<T> {
    this.visualUsers++;
    this.disarmIdleRelease();
    try {
      return await fn(await this.visual());
    } finally {
      if (--this.visualUsers === 0) this.armIdleRelease();
    }
  }

  private armIdleRelease(): void {
    this.disarmIdleRelease();
    if (this.visualIdleMs <= 0) return;
    this.idleTimer = setTimeout(() => void this.releaseVisual(), this.visualIdleMs);
    this.idleTimer.unref();
  }

  private disarmIdleRelease(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Closes the visual model if it is loaded and unused (the next use loads it again). True when released. */
  async releaseVisual(): Promise<boolean> {
    if (this.visualUsers > 0 || !this.visualLoaded || !this.visualRunner) return false;
    const runner = this.visualRunner;
    this.visualLoading = null;
    this.visualLoaded = false;
    this.visualRunner = null;
    this.disarmIdleRelease();
    log.info(`visual model released after ${Math.round(this.visualIdleMs / 1000)} s unused`);
    await runner.close();
    return true;
  }

  /** True once the visual model is loaded and ready to run. */
  get visualReady(): boolean {
    return this.visualLoaded;
  }

  private checkDim(data: Float32Array, n: number, what: string): number {
    const dim = data.length / n;
    if (dim !== this.pack.embedDim) throw new GlimpseError('model-invalid', `${what} model returned ${dim}-d embeddings, config.json says ${this.pack.embedDim}`);
    return dim;
  }

  private split(data: Float32Array, n: number, dim: number): Float32Array[] {
    const out: Float32Array[] = [];
    for (let i = 0; i < n; i++) out.push(l2normalize(data.slice(i * dim, (i + 1) * dim)));
    return out;
  }

  /** Embeds n rows of token ids (row-major [n, contextLength]); a fixed-batch graph runs row by row. */
  async embedTokenIds(ids: Int32Array, attentionMask: Int32Array, n: number): Promise<Float32Array[]> {
    const data = await runTextRows(this.textSession, this.textSignature, this.tokenizer.contextLength, ids, attentionMask, n);
    return this.split(data, n, this.checkDim(data, n, 'textual'));
  }

  /** L2-normalised text embeddings; `language` (BCP 47, e.g. zh-CN) picks an NLLB pack's prefix. */
  async embedTexts(texts: string[], language?: string): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.textBatch) {
      const batch = texts.slice(i, i + this.textBatch);
      const enc = this.tokenizer.encodeBatch(batch, language);
      out.push(...(await this.embedTokenIds(enc.ids, enc.attentionMask, batch.length)));
    }
    return out;
  }

  /** One batch of float tensors; the buffer came from batchBuffer() and goes back to the pool after the run. */
  private async runBatch(batch: Float32Array, n: number): Promise<Float32Array[]> {
    const S = this.pack.preprocess.size;
    const { embeddings, input } = await this.withVisual((runner) => runner.runTensors(batch, n));
    if (input.length === this.imageBatch * 3 * S * S && this.spareBatches.length < 4) this.spareBatches.push(input);
    return this.split(embeddings, n, this.checkDim(embeddings, n, 'visual'));
  }

  /** A batch buffer for n images: a reused one for full batches. */
  private batchBuffer(n: number): Float32Array {
    const S = this.pack.preprocess.size;
    if (n === this.imageBatch) {
      const spare = this.spareBatches.pop();
      if (spare) return spare;
    }
    return new Float32Array(n * 3 * S * S);
  }

  async embedImageTensors(tensors: Float32Array[]): Promise<Float32Array[]> {
    const per = 3 * this.pack.preprocess.size ** 2;
    for (const t of tensors) if (t.length !== per) throw new GlimpseError('bad-request', `image tensor has ${t.length} floats, expected ${per}`);
    const out: Float32Array[] = [];
    for (let i = 0; i < tensors.length; i += this.imageBatch) {
      const group = tensors.slice(i, i + this.imageBatch);
      const batch = this.batchBuffer(group.length);
      group.forEach((t, j) => batch.set(t, j * per));
      out.push(...(await this.runBatch(batch, group.length)));
    }
    return out;
  }

  /**
   * Model-sized RGB squares (HWC uint8, the indexing path): 4x smaller than float tensors, they go
   * to the runner as they are and are normalised there.
   */
  async embedRgbBatch(rgbs: Uint8Array[]): Promise<Float32Array[]> {
    return this.withVisual(async (runner) => {
      const out: Float32Array[] = [];
      for (let i = 0; i < rgbs.length; i += this.imageBatch) {
        const group = rgbs.slice(i, i + this.imageBatch);
        const embeddings = await runner.runRgb(group);
        out.push(...this.split(embeddings, group.length, this.checkDim(embeddings, group.length, 'visual')));
      }
      return out;
    });
  }

  /** Decodes and embeds image files or buffers: model-sized RGB squares, as indexing does. */
  async embedImages(inputs: (string | Buffer)[]): Promise<Float32Array[]> {
    const rgbs = await Promise.all(inputs.map(async (x) => (await modelSquareRgb(x, this.pack.preprocess)).rgb));
    return this.embedRgbBatch(rgbs);
  }

  async close(): Promise<void> {
    this.disarmIdleRelease();
    await this.textSession.release();
    const visual = this.visualLoading;
    this.visualLoading = null;
    this.visualLoaded = false;
    this.visualRunner = null;
    if (visual) await (await visual.catch(() => null))?.close();
  }
}

/** Raw text-tower outputs [n, dim] for n rows of ids, in the graph's id type and batch. */
export async function runTextRows(session: ort.InferenceSession, sig: TextSignature, L: number, ids: Int32Array, attentionMask: Int32Array, n: number): Promise<Float32Array> {
  const step = sig.fixedBatch ?? n;
  const parts: Float32Array[] = [];
  for (let from = 0; from < n; from += step) {
    const count = Math.min(step, n - from);
    const rows = (a: Int32Array): ort.Tensor =>
      sig.idType === 'int32'
        ? new ort.Tensor('int32', a.subarray(from * L, (from + count) * L), [count, L])
        : new ort.Tensor('int64', BigInt64Array.from(a.subarray(from * L, (from + count) * L), (v) => BigInt(v)), [count, L]);
    const feeds: Record<string, ort.Tensor> = sig.style === 'clip' ? { text: rows(ids) } : { input_ids: rows(ids), attention_mask: rows(attentionMask) };
    const result = await session.run(feeds, [sig.outputName]);
    parts.push(result[sig.outputName]!.data as Float32Array);
  }
  return parts.length === 1 ? parts[0]! : concatFloat32(parts);
}
