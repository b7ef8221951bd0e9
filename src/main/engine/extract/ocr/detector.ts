// Text detection with the PaddleOCR DB model: the image is stretched to a size whose sides are
// multiples of 32 (the network's stride), normalised as PaddleOCR trained it (BGR, ImageNet mean/std),
// and the returned probability map is turned into boxes in original-image pixel coordinates.
import * as ort from 'onnxruntime-node';
import type { RawImage } from './crop';
import { extractBoxes, type DbOptions, type DetectedBox } from './db-boxes';
import { scaleQuad } from './quad';

const STRIDE = 32;
const MEAN = [0.485, 0.456, 0.406]; // applied to B, G, R in that order, as PaddleOCR does on cv2 images
const STD = [0.229, 0.224, 0.225];

/** Detector input size for an image scaled by `scale`: sides rounded to multiples of 32 (aspect kept as far as that allows). */
export function sizeAtScale(width: number, height: number, scale: number): { width: number; height: number } {
  const round = (v: number) => Math.max(STRIDE, Math.round((v * scale) / STRIDE) * STRIDE);
  return { width: round(width), height: round(height) };
}

/** The probe's scale: the image as it is, shrunk so its longer side fits maxSide. */
export function probeScale(width: number, height: number, maxSide: number): number {
  return Math.min(1, maxSide / Math.max(width, height));
}

/** Below this many detector pixels a text line is too thin for DB to outline reliably. */
const MIN_LINE_PIXELS = 12;

/**
 * The detection scale after a probe found text, from the thickness of the probe's boxes (original
 * pixels; the median is used). Measured on page images: detection improves when small print
 * (lines thinner than `lineHeight` pixels in the file, e.g. a 600-pixel-wide page) is enlarged to
 * `lineHeight`, but text that is already larger reads best at the probe's own scale (enlarging it
 * makes the boxes hug the glyphs and the recognizer starts dropping spaces), unless the probe had to
 * shrink the image so much that lines fell under MIN_LINE_PIXELS. Never above `hi`.
 */
export function chooseDetectScale(thicknesses: readonly number[], scale0: number, hi: number, lineHeight: number): number {
  if (!thicknesses.length) return scale0;
  const sorted = [...thicknesses].sort((a, b) => a - b);
  const median = Math.max(sorted[sorted.length >> 1]!, 1);
  let scale = scale0;
  if (median < lineHeight) scale = lineHeight / median;
  else if (median * scale0 < MIN_LINE_PIXELS) scale = lineHeight / median;
  return Math.min(hi, Math.max(scale, Math.min(scale0, hi)));
}

/** HWC 8-bit -> [1, 3, H, W] float32 in B, G, R plane order. */
export function detectorTensor(img: RawImage): ort.Tensor {
  const { data, width, height, channels } = img;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const k = [1 / (255 * STD[0]!), 1 / (255 * STD[1]!), 1 / (255 * STD[2]!)];
  const m = [MEAN[0]! / STD[0]!, MEAN[1]! / STD[1]!, MEAN[2]! / STD[2]!];
  const grey = channels < 3;
  for (let i = 0, p = 0; i < plane; i++, p += channels) {
    const r = data[p]!;
    const g = grey ? r : data[p + 1]!;
    const b = grey ? r : data[p + 2]!;
    out[i] = b * k[0]! - m[0]!;
    out[i + plane] = g * k[1]! - m[1]!;
    out[i + 2 * plane] = r * k[2]! - m[2]!;
  }
  return new ort.Tensor('float32', out, [1, 3, height, width]);
}

/**
 * Runs the detector on an image already resized to its detector size and returns boxes scaled to
 * (targetWidth, targetHeight), the oriented original image size.
 */
export async function detectText(
  session: ort.InferenceSession,
  img: RawImage,
  targetWidth: number,
  targetHeight: number,
  db: Partial<DbOptions> = {},
): Promise<DetectedBox[]> {
  const input = detectorTensor(img);
  const inputName = session.inputNames[0]!;
  const outputs = await session.run({ [inputName]: input });
  const output = outputs[session.outputNames[0]!];
  input.dispose?.();
  if (!output) throw new Error('text detector returned no output');
  const dims = output.dims;
  const mh = Number(dims[dims.length - 2]);
  const mw = Number(dims[dims.length - 1]);
  const prob = output.data as Float32Array;
  const boxes = extractBoxes(prob, mw, mh, db);
  output.dispose?.();
  const sx = targetWidth / mw;
  const sy = targetHeight / mh;
  return boxes.map((b) => ({ quad: scaleQuad(b.quad, sx, sy), score: b.score }));
}
