// Renders a normalised model-space heatmap as an RGBA PNG over the oriented original: turbo colours,
// opacity rising with the score (weak evidence stays see-through so the photo shows), and a grey veil
// over the parts of the image the model never saw (outside the centre crop). Drawn at the image's
// size or smaller (longest side capped) with the same aspect, for the UI to stretch over the photo.
import sharp from 'sharp';
import type { ImageGeometry } from '../models/preprocess';
import { imageToModel, sampleModel } from './heat-map';

// Turbo colormap, polynomial approximation by Anton Mikhailov (Google, Apache-2.0).
function turbo(x: number): [number, number, number] {
  const x2 = x * x, x3 = x2 * x, x4 = x3 * x, x5 = x4 * x;
  const r = 0.13572138 + 4.6153926 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5;
  const g = 0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5;
  const b = 0.1066733 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5;
  const c = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v)));
  return [c(r), c(g), c(b)];
}

const LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    const v = i / 255;
    const [r, g, b] = turbo(v);
    lut.set([r, g, b, Math.round(255 * (0.12 + 0.6 * v))], i * 4);
  }
  return lut;
})();

const VEIL = [96, 96, 96, 150] as const;

export interface OverlayOptions {
  /** Longest side of the PNG in pixels (default 1024); never larger than the image. */
  maxSide?: number;
}

export function overlaySize(geometry: ImageGeometry, maxSide = 1024): { width: number; height: number } {
  const { origWidth: w, origHeight: h } = geometry;
  const scale = Math.min(1, maxSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** RGBA pixels of the overlay (exposed for tests) and the PNG encoding of them. */
export function overlayPixels(norm: Float32Array, geometry: ImageGeometry, opts: OverlayOptions = {}): { data: Uint8Array; width: number; height: number } {
  const { width, height } = overlaySize(geometry, opts.maxSide);
  const data = new Uint8Array(width * height * 4);
  // The mapping is separable (u depends on x only, v on y only): compute each axis once.
  const us = new Float32Array(width);
  const vs = new Float32Array(height);
  for (let x = 0; x < width; x++) us[x] = imageToModel(geometry, ((x + 0.5) * geometry.origWidth) / width, 0).u;
  for (let y = 0; y < height; y++) vs[y] = imageToModel(geometry, 0, ((y + 0.5) * geometry.origHeight) / height).v;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = sampleModel(norm, geometry.size, us[x]!, vs[y]!);
      const o = (y * width + x) * 4;
      if (s === null) data.set(VEIL, o);
      else {
        const i = Math.round(Math.min(1, Math.max(0, s)) * 255) * 4;
        data[o] = LUT[i]!;
        data[o + 1] = LUT[i + 1]!;
        data[o + 2] = LUT[i + 2]!;
        data[o + 3] = LUT[i + 3]!;
      }
    }
  }
  return { data, width, height };
}

export async function renderOverlayPng(norm: Float32Array, geometry: ImageGeometry, opts: OverlayOptions = {}): Promise<Buffer> {
  const { data, width, height } = overlayPixels(norm, geometry, opts);
  return sharp(data, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();
}
