// Model-agnostic saliency by randomised masking (RISE): encode batches of masked copies of the image,
// score each copy against the query (cosine), and credit every pixel with the scores of the copies
// that kept it: saliency = sum(score * mask) / sum(mask) - mean(score). Positive = keeping this region
// raises the similarity. The number of masks follows the time budget: batches run until the measured
// per-batch time says the next one would overrun (with a floor so a slow machine still gets a usable
// map), and an AbortSignal stops it between batches.
import { GlimpseError } from '../../../shared/errors';
import { gaussianBlur } from './heat-map';
import { applyMask, cellsFor, maskPairs } from './masks';
import { dot, type VisualSession } from './visual-session';

export interface OcclusionOptions {
  budgetMs: number;
  seed: number;
  signal?: AbortSignal;
  /** Never fewer masks than this, whatever the budget (default 16; 8 when 16 would take > 2x the budget). */
  minMasks?: number;
  /** Never more (default 2048): beyond that the map no longer changes visibly. */
  maxMasks?: number;
  /** Cells per side of the random grid (default: from the planned mask count, 4..8). */
  cells?: number;
  /** What masked pixels become: the dataset mean colour, or a blurred copy of the image. */
  fill?: 'mean' | 'blur';
}

export interface OcclusionResult {
  /** size x size saliency in model space (similarity units, centred on the mean masked score). */
  heat: Float32Array;
  masks: number;
  cells: number;
  /** Cosine of the unmasked image with the query. */
  score: number;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new GlimpseError('cancelled', 'explanation cancelled');
}

/**
 * Masking and accumulation are plain JS on the caller's thread: hand the event loop back every few
 * milliseconds so queries (and cache hits) are answered while an explanation runs.
 */
function yielder(sliceMs = 8): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

/** Blurred copy of a CHW image (for fill = 'blur'): a strong blur so the masked detail is gone. */
function blurredImage(image: Float32Array, size: number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(image.length);
  for (let c = 0; c < 3; c++) out.set(gaussianBlur(image.subarray(c * plane, (c + 1) * plane), size, size / 20), c * plane);
  return out;
}

export async function occlusionSaliency(session: VisualSession, image: Float32Array, query: Float32Array, opts: OcclusionOptions): Promise<OcclusionResult> {
  const started = performance.now();
  const size = session.size;
  const plane = size * size;
  throwIfAborted(opts.signal);

  // The unmasked score; its run also gives a first timing when the session has none yet.
  const [full] = await session.embed(image, 1);
  const score = dot(full!, query);
  throwIfAborted(opts.signal);

  const perImage = session.estimateMs ?? 50;
  // The floor keeps a slow machine's map usable; a very slow model gets a lower one (4 pairs).
  const minMasks = Math.max(2, opts.minMasks ?? (perImage * 16 > 2 * opts.budgetMs ? 8 : 16));
  const maxMasks = Math.max(minMasks, opts.maxMasks ?? 2048);
  const planned = Math.min(maxMasks, Math.max(minMasks, Math.floor((opts.budgetMs - (performance.now() - started)) / perImage)));
  const cells = opts.cells ?? cellsFor(planned);
  const masks = maskPairs({ size, cells, keep: 0.5 }, opts.seed);
  const fill = opts.fill === 'blur' ? blurredImage(image, size) : undefined;

  const pause = yielder();
  const sal = new Float64Array(plane);
  const weight = new Float64Array(plane);
  let scoreSum = 0;
  let done = 0;
  let lastBatchMs = 0;
  let lastBatchN = 0;
  let batchBuf = new Float32Array(0);
  for (;;) {
    throwIfAborted(opts.signal);
    const per = session.estimateMs ?? perImage;
    // ~150 ms batches: big enough for ORT's batching gains, small enough to cancel and stop on time.
    let n = Math.max(2, Math.min(64, 2 * Math.round(150 / per / 2)));
    n = Math.min(n, maxMasks - done);
    const elapsed = performance.now() - started;
    // The last batch's wall time (masking + inference + accumulation) is the best predictor.
    const nextMs = lastBatchN > 0 ? (lastBatchMs * n) / lastBatchN : per * n;
    if (n <= 0 || (done >= minMasks && elapsed + nextMs > opts.budgetMs)) break;
    const t0 = performance.now();
    if (batchBuf.length < n * 3 * plane) batchBuf = new Float32Array(n * 3 * plane);
    const batchMasks: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const m = masks.next().value as Float32Array;
      batchMasks.push(m);
      applyMask(image, m, batchBuf.subarray(i * 3 * plane, (i + 1) * 3 * plane), fill);
      await pause();
    }
    const embs = await session.embed(batchBuf, n);
    for (let i = 0; i < n; i++) {
      const s = dot(embs[i]!, query);
      const m = batchMasks[i]!;
      scoreSum += s;
      for (let p = 0; p < plane; p++) {
        sal[p]! += s * m[p]!;
        weight[p]! += m[p]!;
      }
      await pause();
    }
    done += n;
    lastBatchMs = performance.now() - t0;
    lastBatchN = n;
  }

  const mean = scoreSum / done;
  const heat = new Float32Array(plane);
  for (let p = 0; p < plane; p++) heat[p] = weight[p]! > 0 ? sal[p]! / weight[p]! - mean : 0;
  // Light smoothing: the random shifts leave faint cell-border ripples at low mask counts.
  const smoothed = gaussianBlur(heat, size, Math.ceil(size / cells) / 6);
  return { heat: smoothed, masks: done, cells, score };
}
