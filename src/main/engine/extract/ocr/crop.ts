// Cuts a text box out of the decoded image straight into the recognizer's input tensor: each output
// pixel is mapped through the box's four corners (so rotated boxes come out upright) and sampled
// bilinearly, averaging a few sub-samples when the box is being shrunk so thin strokes don't alias.
import type { Quad } from './quad';

/** Interleaved 8-bit pixels as sharp's raw output gives them (1 to 4 channels). */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export interface TensorSlot {
  /** The [N, 3, height, width] tensor buffer. */
  tensor: Float32Array;
  /** Index of this crop in the batch. */
  index: number;
  /** Tensor height and (batch) width. */
  height: number;
  width: number;
}

/**
 * Samples `quad` (reading order start-top, end-top, end-bottom, start-bottom) into `cropWidth` columns
 * of the slot, writing BGR normalised to [-1, 1] the way PaddleOCR's recognizers were trained.
 * Columns past cropWidth are left as they are (zero padding).
 */
export function sampleQuadInto(img: RawImage, quad: Quad, cropWidth: number, slot: TensorSlot): void {
  const { tensor, index, height: oh, width: ow } = slot;
  const [p0, p1, p2, p3] = quad;
  const srcW = (Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) + Math.hypot(p2[0] - p3[0], p2[1] - p3[1])) / 2;
  const srcH = (Math.hypot(p3[0] - p0[0], p3[1] - p0[1]) + Math.hypot(p2[0] - p1[0], p2[1] - p1[1])) / 2;
  const ssx = Math.min(4, Math.max(1, Math.ceil(srcW / cropWidth)));
  const ssy = Math.min(4, Math.max(1, Math.ceil(srcH / oh)));
  const inv = 1 / (ssx * ssy);
  const plane = oh * ow;
  const base = index * 3 * plane;
  const rgb = [0, 0, 0];
  const cols = Math.min(cropWidth, ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < cols; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < ssy; j++) {
        const v = (y + (j + 0.5) / ssy) / oh;
        for (let i = 0; i < ssx; i++) {
          const u = (x + (i + 0.5) / ssx) / cropWidth;
          // Bilinear interpolation of the four corners gives the source point.
          const topX = p0[0] + (p1[0] - p0[0]) * u;
          const topY = p0[1] + (p1[1] - p0[1]) * u;
          const botX = p3[0] + (p2[0] - p3[0]) * u;
          const botY = p3[1] + (p2[1] - p3[1]) * u;
          sampleBilinear(img, topX + (botX - topX) * v, topY + (botY - topY) * v, rgb);
          r += rgb[0]!;
          g += rgb[1]!;
          b += rgb[2]!;
        }
      }
      const at = base + y * ow + x;
      tensor[at] = (b * inv) / 127.5 - 1;
      tensor[at + plane] = (g * inv) / 127.5 - 1;
      tensor[at + 2 * plane] = (r * inv) / 127.5 - 1;
    }
  }
}

/** Bilinear sample at continuous coordinates (pixel i covers [i, i + 1)); edges are clamped. */
function sampleBilinear(img: RawImage, x: number, y: number, out: number[]): void {
  const { data, width, height, channels } = img;
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const wx = fx - x0;
  const wy = fy - y0;
  const i00 = (y0 * width + x0) * channels;
  const i01 = (y0 * width + x1) * channels;
  const i10 = (y1 * width + x0) * channels;
  const i11 = (y1 * width + x1) * channels;
  const grey = channels < 3;
  for (let c = 0; c < 3; c++) {
    const ch = grey ? 0 : c;
    const top = data[i00 + ch]! + (data[i01 + ch]! - data[i00 + ch]!) * wx;
    const bot = data[i10 + ch]! + (data[i11 + ch]! - data[i10 + ch]!) * wx;
    out[c] = top + (bot - top) * wy;
  }
}
