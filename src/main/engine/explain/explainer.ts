// The explain facade: explainMatch() turns (target image, query) into a heatmap over the oriented
// image, by patch similarity (ViT packs with per-patch tokens, native or via the graph transform) or
// occlusion (any pack), renders the overlay, and caches the result. Misses run one at a time (each
// already saturates the inference threads and owns a time budget); a cache hit never waits behind
// them. The visual session opens on the first miss, so creating an Explainer is cheap.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import type { ModelPack } from '../models/pack';
import { preprocessImage } from '../models/preprocess';
import type { ProviderName } from '../models/providers';
import { logger } from '../util/logger';
import { imageGrid, normalise, seenRect } from './heat-map';
import { HeatmapCache, cacheKey, type StoredExplanation } from './heatmap-cache';
import { occlusionSaliency, throwIfAborted } from './occlusion';
import { renderOverlayPng, overlaySize } from './overlay';
import type { PatchModel } from './patch-model';
import { preparePatchModelInWorker } from './prepare-patch-in-worker';
import { patchSaliency } from './patch-similarity';
import type { ExplainMethod, ExplainQuery, ExplainRequest, ExplainResult, QueryEncoder } from './types';
import { VisualSession } from './visual-session';

const log = logger('explain');
/** Part of every cache key: bump when the maths or the rendering changes. */
const CACHE_VERSION = 1;

export interface ExplainerOptions {
  pack: ModelPack;
  /** Folder for cached heatmaps (e.g. <data-dir>/cache/explain); null/undefined = memory only. */
  cacheDir?: string | null;
  /** Text encoder for { text } queries (the pack's ClipEmbedder). */
  queryEncoder?: QueryEncoder;
  /** Where model.patch.onnx is made/found (default: beside the pack's visual model). */
  patchModelDir?: string;
  /** false: never use or make a patch model (occlusion only). */
  patchTransform?: boolean;
  providers?: ProviderName[];
  threads?: number;
  /** Run the visual model in a worker thread (default true; false for tools and tests). */
  inWorker?: boolean;
  /** Default time budget of an occlusion explanation in ms (2000). */
  budgetMs?: number;
  /** Longest side of overlay PNGs (1024). */
  overlayMaxSide?: number;
  /** Cells across the model's square in the returned grid (32). */
  gridCells?: number;
  /** Masked-pixel fill for occlusion (default 'mean'). */
  fill?: 'mean' | 'blur';
}

export class Explainer {
  private readonly cache: HeatmapCache;
  private sessionPromise: Promise<{ session: VisualSession; patch: PatchModel }> | null = null;
  private patchPromise: Promise<PatchModel> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly modelKey: string;

  constructor(private readonly opts: ExplainerOptions) {
    this.cache = new HeatmapCache(opts.cacheDir ?? null);
    let stamp = '';
    try {
      const st = statSync(opts.pack.visualModelPath);
      stamp = `${st.size}:${Math.round(st.mtimeMs)}`;
    } catch {}
    this.modelKey = `${opts.pack.name}:${stamp}`;
  }

  /** What the patch-model preparation found (made once; cheap afterwards: a recorded result). */
  private patchInfo(): Promise<PatchModel> {
    this.patchPromise ??= this.opts.patchTransform === false
      ? Promise.resolve({ ok: false, reason: 'patch models disabled' })
      : preparePatchModelInWorker(this.opts.pack.visualModelPath, { outDir: this.patchDir() });
    return this.patchPromise;
  }

  /** The visual session (patch model when there is one) and what the patch preparation found. */
  ready(): Promise<{ session: VisualSession; patch: PatchModel }> {
    this.sessionPromise ??= (async () => {
      const { pack } = this.opts;
      const patch = await this.patchInfo();
      const modelPath = patch.ok ? patch.modelPath : pack.visualModelPath;
      const normalisation = { mean: pack.preprocess.mean, std: pack.preprocess.std };
      const session = await VisualSession.open(modelPath, pack.preprocess.size, { providers: this.opts.providers, threads: this.opts.threads, inWorker: this.opts.inWorker, normalisation });
      return { session, patch };
    })();
    const pending = this.sessionPromise;
    pending.catch(() => {
      if (this.sessionPromise === pending) this.sessionPromise = null;
    });
    return pending;
  }

  /** Beside the pack's visual model when that folder is writable, else under the cache dir. */
  private patchDir(): string | undefined {
    if (this.opts.patchModelDir) return this.opts.patchModelDir;
    const beside = dirname(this.opts.pack.visualModelPath);
    try {
      accessSync(beside, constants.W_OK);
      return undefined;
    } catch {
      return this.opts.cacheDir ? join(this.opts.cacheDir, 'patch-models', this.opts.pack.name) : undefined;
    }
  }

  /** Whether patch similarity is available, and if not why. */
  patchStatus(): Promise<PatchModel> {
    return this.patchInfo();
  }

  /**
   * Explains why `req.target` matches `req.query`. Cache hits return at once; misses run one at a
   * time (each saturates the inference threads and owns a time budget, counted from its own start).
   */
  async explainMatch(req: ExplainRequest): Promise<ExplainResult> {
    const started = performance.now();
    throwIfAborted(req.signal);
    const requested: ExplainMethod = req.method ?? 'auto';
    if (!['auto', 'occlusion', 'patch'].includes(requested)) throw new GlimpseError('bad-request', `unknown explain method "${String(requested)}"`);
    const patch = await this.patchInfo();
    const method: 'occlusion' | 'patch' = requested === 'occlusion' || !patch.ok ? 'occlusion' : 'patch';
    const fallbackReason = requested === 'patch' && !patch.ok ? `patch similarity unavailable: ${patch.reason}` : undefined;
    const queryKey = await this.queryKey(req.query);
    const key = cacheKey({
      v: CACHE_VERSION,
      query: queryKey,
      image: req.contentId ?? `sha256:${await contentHash(req.target)}`,
      model: this.modelKey,
      method,
      patchSource: method === 'patch' && patch.ok ? patch.source : null,
      overlayMaxSide: this.opts.overlayMaxSide ?? 1024,
      gridCells: this.opts.gridCells ?? 32,
      fill: method === 'occlusion' ? (this.opts.fill ?? 'mean') : null,
      masks: method === 'occlusion' ? (req.masks ?? null) : null,
    });
    const hit = this.cache.get(key);
    if (hit) return toResult(hit, true, performance.now() - started);
    if (fallbackReason) log.warn(`${fallbackReason}; using occlusion`);

    const run = this.queue.then(() => this.compute(req, { method, fallbackReason, queryKey, key }));
    this.queue = run.catch(() => undefined);
    const { stored, cached } = await run;
    return toResult(stored, cached, performance.now() - started);
  }

  private async queryKey(q: ExplainQuery): Promise<string> {
    if ('text' in q) return `text:${q.text.trim()}`;
    if ('embedding' in q) return `emb:${createHash('sha256').update(Buffer.from(q.embedding.buffer, q.embedding.byteOffset, q.embedding.byteLength)).digest('hex')}`;
    return `image:${await contentHash(q.image)}`;
  }

  private async queryEmbedding(q: ExplainQuery, session: VisualSession): Promise<Float32Array> {
    let v: Float32Array;
    if ('embedding' in q) v = Float32Array.from(q.embedding);
    else if ('text' in q) {
      if (!q.text.trim()) throw new GlimpseError('bad-request', 'query text is empty');
      if (!this.opts.queryEncoder) throw new GlimpseError('unsupported', 'text queries need the text encoder, which this explainer was not given');
      v = Float32Array.from((await this.opts.queryEncoder.embedTexts([q.text.trim()]))[0]!);
    } else {
      const pre = await preprocessImage(q.image, this.opts.pack.preprocess);
      v = (await session.embed(pre.tensor, 1))[0]!;
    }
    if (v.length !== this.opts.pack.embedDim) throw new GlimpseError('bad-request', `query embedding has ${v.length} dims, the model has ${this.opts.pack.embedDim}`);
    let n = 0;
    for (const x of v) n += x * x;
    if (!(n > 0) || !Number.isFinite(n)) throw new GlimpseError('bad-request', 'query embedding is zero or not finite');
    n = Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i]! /= n;
    return v;
  }

  private async compute(req: ExplainRequest, plan: { method: 'occlusion' | 'patch'; fallbackReason?: string; queryKey: string; key: string }): Promise<{ stored: StoredExplanation; cached: boolean }> {
    throwIfAborted(req.signal); // cancelled while queued
    const again = this.cache.get(plan.key); // the same explanation may have finished while queued
    if (again) return { stored: again, cached: true };
    const { session } = await this.ready();
    const started = performance.now(); // the budget starts after the one-time session load
    let method = plan.method;
    const overlayMaxSide = this.opts.overlayMaxSide ?? 1024;
    const fill = this.opts.fill ?? 'mean';
    const t0 = performance.now();
    const pre = await preprocessImage(req.target, this.opts.pack.preprocess);
    const t1 = performance.now();
    const query = await this.queryEmbedding(req.query, session);
    throwIfAborted(req.signal);
    const t2 = performance.now();

    let heat: Float32Array;
    let score: number;
    let masks: number | undefined;
    if (method === 'patch') {
      try {
        const r = await patchSaliency(session, pre.tensor, query);
        heat = r.heat;
        score = r.score;
      } catch (err) {
        // A pack whose patch output turns out unusable still gets an explanation.
        log.warn(`patch similarity failed (${(err as Error).message}); using occlusion`);
        method = 'occlusion';
      }
    }
    if (method === 'occlusion') {
      const budgetMs = req.budgetMs ?? this.opts.budgetMs ?? 2000;
      // Masks depend on the query only: the same image always gets the same map, and images that
      // are the same picture (e.g. stored rotated with an EXIF tag) get the same masks in model space.
      const seed = parseInt(cacheKey({ queryKey: plan.queryKey }).slice(0, 8), 16);
      const fixed = req.masks !== undefined ? Math.max(2, 2 * Math.ceil(req.masks / 2)) : undefined;
      const r = await occlusionSaliency(session, pre.tensor, query, {
        budgetMs: fixed ? Infinity : Math.max(0, budgetMs - (performance.now() - started)),
        seed,
        signal: req.signal,
        fill,
        ...(fixed ? { minMasks: fixed, maxMasks: fixed } : {}),
      });
      heat = r.heat;
      score = r.score;
      masks = r.masks;
    }
    const t3 = performance.now();
    const { norm, min, max } = normalise(heat!);
    const overlayPng = await renderOverlayPng(norm, pre.geometry, { maxSide: overlayMaxSide });
    const ov = overlaySize(pre.geometry, overlayMaxSide);
    const stored: StoredExplanation = {
      method,
      grid: imageGrid(norm, pre.geometry, this.opts.gridCells ?? 32),
      width: pre.geometry.origWidth,
      height: pre.geometry.origHeight,
      overlayPng,
      overlayWidth: ov.width,
      overlayHeight: ov.height,
      seen: seenRect(pre.geometry),
      score: score!,
      range: { min, max },
      ...(masks !== undefined ? { masks } : {}),
      ...(plan.fallbackReason ? { fallbackReason: plan.fallbackReason } : {}),
      computeMs: performance.now() - started,
      timings: { decodeMs: ms(t1 - t0), queryMs: ms(t2 - t1), saliencyMs: ms(t3 - t2), renderMs: ms(performance.now() - t3) },
    };
    this.cache.set(plan.key, stored);
    return { stored, cached: false };
  }

  async close(): Promise<void> {
    const pending = this.sessionPromise;
    this.sessionPromise = null;
    if (pending) await (await pending).session.close().catch(() => undefined);
  }
}

const ms = (v: number) => Math.round(v * 10) / 10;

function toResult(s: StoredExplanation, cached: boolean, tookMs: number): ExplainResult {
  return { ...s, cached, tookMs: Math.round(tookMs * 10) / 10 };
}

/** sha256 of an image's bytes (file or buffer): the content id when the caller has none. */
async function contentHash(input: string | Buffer): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = typeof input === 'string' ? await readFile(input) : input;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GlimpseError(code === 'ENOENT' ? 'not-found' : 'io', `cannot read image ${String(input)}: ${(err as Error).message}`);
  }
  return createHash('sha256').update(bytes).digest('hex');
}
