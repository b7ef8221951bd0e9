// Text recognition with the PaddleOCR CRNN/SVTR model: each box is cut out upright at the model's
// height (48) keeping its aspect, crops of similar width are batched (sorted by width so padding
// stays small), and the CTC output is decoded greedily against the character dictionary.
// Tall narrow boxes are ambiguous (a vertical axis label, or one tall glyph): those are read in the
// plausible orientations and the most confident reading wins; they are rare, so this costs little.
import * as ort from 'onnxruntime-node';
import { ctcGreedyDecode } from './ctc-decode';
import { sampleQuadInto, type RawImage } from './crop';
import { quadHeight, quadWidth, readBottomToTop, readTopToBottom, type Quad } from './quad';

export interface RecognizerOptions {
  /** Input height of the model (from its input shape). */
  height: number;
  /** Crops wider than this (after scaling to `height`) are squeezed. */
  maxWidth: number;
  /** Batches are never narrower than this. PaddleOCR pads to 320; on our pages 0 reads the same and is faster. */
  minBatchWidth: number;
  /** Crops per inference call (on CPU, 4 measured faster than 1 or 8 on full pages). */
  batchSize: number;
  /**
   * Space-aware decoding: a time step where blank wins but the space class has at least this
   * probability is read as a space (0 = plain greedy decoding; default 0.1: word recall 0.942 -> 0.954
   * on the rendered pages of bench/ocr/words.ts, 0.25 gave 0.947).
   */
  spaceMin: number;
}

export const defaultRecognizerOptions: RecognizerOptions = { height: 48, maxWidth: 3200, minBatchWidth: 0, batchSize: 4, spaceMin: 0.1 };

export interface Reading {
  text: string;
  score: number;
  /** The box in the orientation it was read in. */
  quad: Quad;
}

interface Job {
  owner: number;
  quad: Quad;
  width: number;
  reading?: { text: string; score: number };
}

// Boxes at least this much taller than wide are tried as vertical text; from VERTICAL_ONLY on they
// are not tried horizontally at all.
const VERTICAL_FROM = 1.5;
const VERTICAL_ONLY = 3;

function candidates(quad: Quad): Quad[] {
  const ratio = quadHeight(quad) / Math.max(quadWidth(quad), 1e-6);
  if (ratio < VERTICAL_FROM) return [quad];
  const vertical = [readBottomToTop(quad), readTopToBottom(quad)];
  return ratio < VERTICAL_ONLY ? [quad, ...vertical] : vertical;
}

/** Reads every box; returns one reading per box in input order. */
export async function recognizeText(
  session: ort.InferenceSession,
  dictionary: readonly string[],
  img: RawImage,
  quads: readonly Quad[],
  options: Partial<RecognizerOptions> = {},
): Promise<Reading[]> {
  const opts = { ...defaultRecognizerOptions, ...options };
  const jobs: Job[] = [];
  quads.forEach((q, owner) => {
    for (const quad of candidates(q)) {
      const ratio = quadWidth(quad) / Math.max(quadHeight(quad), 1e-6);
      const width = Math.min(opts.maxWidth, Math.max(8, Math.round(opts.height * ratio)));
      jobs.push({ owner, quad, width });
    }
  });
  const sorted = [...jobs].sort((a, b) => a.width - b.width);
  for (let i = 0; i < sorted.length; ) {
    const batch: Job[] = [];
    while (i < sorted.length && batch.length < opts.batchSize) batch.push(sorted[i++]!);
    await runBatch(session, dictionary, img, batch, opts);
  }
  const best: Reading[] = quads.map((q) => ({ text: '', score: 0, quad: q }));
  const seen = new Set<number>();
  for (const job of jobs) {
    const r = job.reading;
    if (!r) continue;
    if (!seen.has(job.owner) || r.score > best[job.owner]!.score) {
      best[job.owner] = { text: r.text, score: r.score, quad: job.quad };
      seen.add(job.owner);
    }
  }
  return best;
}

async function runBatch(
  session: ort.InferenceSession,
  dictionary: readonly string[],
  img: RawImage,
  batch: Job[],
  opts: RecognizerOptions,
): Promise<void> {
  const widest = Math.max(...batch.map((j) => j.width));
  const width = Math.ceil(Math.max(widest, opts.minBatchWidth) / 8) * 8;
  const h = opts.height;
  const tensor = new Float32Array(batch.length * 3 * h * width);
  batch.forEach((job, index) => sampleQuadInto(img, job.quad, job.width, { tensor, index, height: h, width }));
  const input = new ort.Tensor('float32', tensor, [batch.length, 3, h, width]);
  const outputs = await session.run({ [session.inputNames[0]!]: input });
  const output = outputs[session.outputNames[0]!];
  if (!output) throw new Error('text recognizer returned no output');
  const [, steps, classes] = output.dims.map(Number) as [number, number, number];
  const probs = output.data as Float32Array;
  batch.forEach((job, index) => {
    // Only the time steps over the crop itself; the padding after it carries no text.
    const used = Math.min(steps, Math.ceil((job.width / width) * steps) + 1);
    const space = opts.spaceMin > 0 && dictionary[classes - 2] === ' ' ? { index: classes - 1, min: opts.spaceMin } : undefined;
    job.reading = ctcGreedyDecode(probs, index * steps * classes, used, classes, dictionary, space);
  });
  output.dispose?.();
}
