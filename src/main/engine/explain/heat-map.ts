// Heatmaps live in model input space (size x size, the square the model saw) until the end, then map
// back to the EXIF-oriented original through the preprocessing geometry (resize, centre crop or pad).
// Decision on centre crops: a 'shortest'-mode pack never sees the strips cut off a non-square photo, so
// those parts of the image get no evidence: value 0 in the grid and a grey veil in the overlay, and the
// result's `seen` rectangle says which part of the image the model looked at.
import type { ImageGeometry } from '../models/preprocess';

export interface SeenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Bilinear upsampling of a gw x gh grid (cell centres at (i+0.5)*size/gw) to size x size. */
export function upsampleGrid(values: ArrayLike<number>, gw: number, gh: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const fy = Math.min(Math.max(((y + 0.5) * gh) / size - 0.5, 0), gh - 1);
    const j = Math.min(Math.floor(fy), Math.max(gh - 2, 0));
    const wy = gh > 1 ? fy - j : 0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(Math.max(((x + 0.5) * gw) / size - 0.5, 0), gw - 1);
      const i = Math.min(Math.floor(fx), Math.max(gw - 2, 0));
      const wx = gw > 1 ? fx - i : 0;
      const at = (r: number, c: number) => values[Math.min(r, gh - 1) * gw + Math.min(c, gw - 1)]!;
      const top = at(j, i) * (1 - wx) + at(j, i + 1) * wx;
      const bot = at(j + 1, i) * (1 - wx) + at(j + 1, i + 1) * wx;
      out[y * size + x] = top * (1 - wy) + bot * wy;
    }
  }
  return out;
}

/** Separable Gaussian blur of a size x size map (edges clamp). */
export function gaussianBlur(map: Float32Array, size: number, sigma: number): Float32Array {
  if (sigma <= 0) return map;
  const r = Math.ceil(sigma * 3);
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  const tmp = new Float32Array(map.length);
  const out = new Float32Array(map.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += k[i + r]! * map[y * size + Math.min(Math.max(x + i, 0), size - 1)]!;
      tmp[y * size + x] = acc;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += k[i + r]! * tmp[Math.min(Math.max(y + i, 0), size - 1) * size + x]!;
      out[y * size + x] = acc;
    }
  }
  return out;
}

/** Min-max normalisation to [0,1]; a flat map (the model ignored every region) becomes all zeros. */
export function normalise(map: Float32Array): { norm: Float32Array; min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (const v of map) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const norm = new Float32Array(map.length);
  if (span > 1e-9 * Math.max(1, Math.abs(max))) for (let i = 0; i < map.length; i++) norm[i] = (map[i]! - min) / span;
  return { norm, min, max };
}

/** Maps a point of the oriented original (pixel units, continuous) into model pixel space. */
export function imageToModel(geometry: ImageGeometry, x: number, y: number): { u: number; v: number } {
  return {
    u: (x * geometry.resizedWidth) / geometry.origWidth - geometry.cropLeft,
    v: (y * geometry.resizedHeight) / geometry.origHeight - geometry.cropTop,
  };
}

/** The part of the original image the model saw, in original pixels. */
export function seenRect(geometry: ImageGeometry): SeenRect {
  const sx = geometry.origWidth / geometry.resizedWidth;
  const sy = geometry.origHeight / geometry.resizedHeight;
  const left = Math.max(0, geometry.cropLeft * sx);
  const top = Math.max(0, geometry.cropTop * sy);
  const right = Math.min(geometry.origWidth, (geometry.cropLeft + geometry.size) * sx);
  const bottom = Math.min(geometry.origHeight, (geometry.cropTop + geometry.size) * sy);
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * Bilinear sample of a size x size map at continuous model coordinates (u,v) in pixel units
 * (pixel centres at i+0.5); null outside the square (no evidence there).
 */
export function sampleModel(map: Float32Array, size: number, u: number, v: number): number | null {
  if (u < 0 || v < 0 || u >= size || v >= size) return null;
  const fx = Math.min(Math.max(u - 0.5, 0), size - 1);
  const fy = Math.min(Math.max(v - 0.5, 0), size - 1);
  const i = Math.min(Math.floor(fx), size - 2);
  const j = Math.min(Math.floor(fy), size - 2);
  const wx = fx - i, wy = fy - j;
  const a = map[j * size + i]!, b = map[j * size + i + 1]!;
  const c = map[(j + 1) * size + i]!, d = map[(j + 1) * size + i + 1]!;
  return (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy;
}

/**
 * The heat (normalised, model space) as a grid over the whole oriented image: `cellsAcross` cells
 * span the model's square, so cells are about square in the original; rows x cols follow its aspect.
 */
export function imageGrid(norm: Float32Array, geometry: ImageGeometry, cellsAcross = 32): number[][] {
  const { origWidth: w, origHeight: h, size } = geometry;
  const cellW = (size * w) / geometry.resizedWidth / cellsAcross;
  const cellH = (size * h) / geometry.resizedHeight / cellsAcross;
  const cols = Math.max(1, Math.min(4 * cellsAcross, Math.round(w / cellW)));
  const rows = Math.max(1, Math.min(4 * cellsAcross, Math.round(h / cellH)));
  // Each cell averages a 3x3 set of samples (unseen samples count as 0), so narrow peaks survive.
  const k = 3;
  const grid: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let c = 0; c < cols; c++) {
      let acc = 0;
      for (let sy = 0; sy < k; sy++) {
        for (let sx = 0; sx < k; sx++) {
          const { u, v } = imageToModel(geometry, ((c + (sx + 0.5) / k) * w) / cols, ((r + (sy + 0.5) / k) * h) / rows);
          acc += sampleModel(norm, size, u, v) ?? 0;
        }
      }
      row.push(Math.round((acc / (k * k)) * 1e4) / 1e4);
    }
    grid.push(row);
  }
  return grid;
}

/** Row-major position of the grid's maximum, as fractions of the image (0..1). */
export function gridPeak(grid: number[][]): { x: number; y: number; value: number } {
  let best = { x: 0, y: 0, value: -Infinity };
  grid.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v > best.value) best = { x: (c + 0.5) / row.length, y: (r + 0.5) / grid.length, value: v };
    }),
  );
  return best;
}
