// OCR in the calling thread: createLocalOcrEngine() opens the PaddleOCR sessions once; ocr(image)
// detects text regions, returns at once when there are none (photos without text cost one small
// detector run), otherwise decodes the image at full resolution, reads every region and returns the
// lines in reading order with boxes in original (EXIF-rotated) pixel coordinates. onnxruntime-node
// runs inference synchronously on the calling thread (its promise only defers the start), so this is
// what the OCR worker hosts; callers use createOcrEngine(), which puts it on worker threads.
import type * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../../shared/errors';
import { fixUpsideDown } from './angle-classifier';
import { chooseDetectScale, detectText, probeScale, sizeAtScale } from './detector';
import { decodeResized, decodeUpTo, openOcrImage, type ImageInput } from './image-input';
import { loadDictionary, openSession, resolveOcrModels } from './model-files';
import { closePdfPages, renderPdfPage } from './pdf-page-image';
import { clampQuad, quadHeight, quadWidth, scaleQuad, type Quad } from './quad';
import { sortReadingOrder } from './reading-order';
import { recognizeText } from './recognizer';
import { fixImageWords } from './word-split';
import type { OcrEngine, OcrEngineOptions, OcrLine, OcrResult } from './types';

// Photos are probed for text at no more than this size (what PaddleOCR uses for its whole pipeline).
const PROBE_SIDE = 960;
// Small print is enlarged at most this much for detection.
const MAX_UPSCALE = 2.5;

export async function createLocalOcrEngine(opts: OcrEngineOptions = {}): Promise<OcrEngine> {
  const paths = resolveOcrModels(opts.modelDir);
  const dictionary = loadDictionary(paths.dictionary);
  const sessionOpts = { provider: opts.provider, threads: opts.threads };
  const [det, rec, cls] = await Promise.all([
    openSession(paths.detection, sessionOpts),
    openSession(paths.recognition, sessionOpts),
    opts.angleClassifier && paths.classifier ? openSession(paths.classifier, sessionOpts) : null,
  ]);
  const classes = recognizerClasses(rec);
  if (classes !== null && classes !== dictionary.length + 1) {
    await Promise.all([det.release(), rec.release(), cls?.release()]);
    throw new GlimpseError('model-invalid', `OCR recognizer has ${classes} classes but the dictionary has ${dictionary.length} symbols (+ blank)`);
  }
  const height = recognizerHeight(rec) ?? 48;
  const maxSide = opts.maxSide ?? 1600;
  const lineHeight = opts.lineHeight ?? 22;
  const minScore = opts.minScore ?? 0.5;
  const maxDecodeSide = opts.maxDecodeSide ?? 4096;
  const wordRepair = opts.wordRepair ?? true;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function run(input: ImageInput): Promise<OcrResult> {
    if (closed) throw new GlimpseError('cancelled', 'the OCR engine is closed');
    const t0 = performance.now();
    const src = await openOcrImage(input);
    // Probe at no more than PROBE_SIDE: most images without text stop here. When it finds small print,
    // detect again enlarged (see chooseDetectScale) if that differs enough from the probe's scale.
    const scale0 = probeScale(src.width, src.height, Math.min(PROBE_SIDE, maxSide));
    const detectAt = async (scale: number) => {
      const s = sizeAtScale(src.width, src.height, scale);
      return detectText(det, await decodeResized(src, s.width, s.height), src.width, src.height, opts.db);
    };
    let boxes = await detectAt(scale0);
    if (boxes.length) {
      const thick = boxes.map((b) => Math.min(quadWidth(b.quad), quadHeight(b.quad)));
      const hi = Math.min(MAX_UPSCALE, maxSide / Math.max(src.width, src.height));
      const scale = chooseDetectScale(thick, scale0, hi, lineHeight);
      if (Math.abs(scale / scale0 - 1) > 0.15) {
        const again = await detectAt(scale);
        if (again.length) boxes = again;
      }
    }
    const detectMs = performance.now() - t0;
    if (boxes.length === 0) return { lines: [], width: src.width, height: src.height, detectMs, recognizeMs: 0, skipped: true };
    if (closed) throw new GlimpseError('cancelled', 'the OCR engine is closed');

    const t1 = performance.now();
    const full = await decodeUpTo(src, maxDecodeSide);
    // Boxes are in original coordinates; the decoded image may be smaller than the original.
    const fx = full.width / src.width;
    const fy = full.height / src.height;
    let quads = boxes.map((b) => scaleQuad(b.quad, fx, fy));
    if (cls) quads = await fixUpsideDown(cls, full, quads);
    const readings = await recognizeText(rec, dictionary, full, quads, { height, ...opts.recognizer });
    const lines: OcrLine[] = [];
    for (const r of readings) {
      const text = r.text.trim();
      // A lone '.' or '-' in a photo is texture, not text, and useless to search.
      if (!text || r.score < minScore || !/[\p{L}\p{N}]/u.test(text)) continue;
      const box: Quad = clampQuad(scaleQuad(r.quad, 1 / fx, 1 / fy), src.width, src.height);
      lines.push({ text, score: r.score, box: box.map(([x, y]) => [round2(x), round2(y)]) });
    }
    if (wordRepair) fixImageWords(lines.map((l) => l.text)).forEach((text, i) => (lines[i]!.text = text));
    const recognizeMs = performance.now() - t1;
    return { lines: sortReadingOrder(lines), width: src.width, height: src.height, detectMs, recognizeMs, skipped: false };
  }

  return {
    ocr(input) {
      if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
        return Promise.reject(new GlimpseError('bad-request', 'ocr() takes a file path or a Buffer'));
      }
      const job = queue.then(() => run(input));
      queue = job.catch(() => undefined);
      return job;
    },
    ocrPdfPage(pdf, page) {
      const job = queue.then(async () => run(await renderPdfPage(pdf, page)));
      queue = job.catch(() => undefined);
      return job;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      await closePdfPages();
      await Promise.all([det.release(), rec.release(), cls?.release()]);
    },
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function recognizerHeight(session: ort.InferenceSession): number | null {
  const meta = session.inputMetadata[0];
  if (!meta || !meta.isTensor) return null;
  const h = meta.shape[2];
  return typeof h === 'number' && h > 0 ? h : null;
}

function recognizerClasses(session: ort.InferenceSession): number | null {
  const meta = session.outputMetadata[0];
  if (!meta || !meta.isTensor) return null;
  const c = meta.shape[meta.shape.length - 1];
  return typeof c === 'number' && c > 0 ? c : null;
}
