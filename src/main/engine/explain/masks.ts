// RISE masks (Petsiuk et al. 2018): a coarse s x s grid of random keep/drop cells, upsampled
// bilinearly and shifted by a random sub-cell offset so cell borders do not line up across masks.
// Masks come in complementary pairs (M, 1 - M): every pixel is then kept in exactly half of the
// masks, which removes the per-pixel normalisation noise and halves the variance for few masks.
// A seeded PRNG makes an explanation reproducible (same query + image -> same heatmap).

/** mulberry32: small, fast, good enough for mask sampling. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MaskSpec {
  /** Model input side in pixels. */
  size: number;
  /** Cells per side of the random grid. */
  cells: number;
  /** Probability that a cell is kept. */
  keep: number;
}

/**
 * One upsampled mask (size*size, values in [0,1]) from a (cells+1)^2 grid of 0/1 and a shift in
 * [0, cellPx) per axis: pixel p samples the grid at (p + shift + 0.5) / cellPx - 0.5.
 */
export function renderMask(grid: Uint8Array, spec: MaskSpec, shiftX: number, shiftY: number, out: Float32Array): Float32Array {
  const { size, cells } = spec;
  const g = cells + 1;
  const cellPx = Math.ceil(size / cells);
  // Separable: interpolate every grid row along x once, then blend two such rows per output row.
  const rows = new Float32Array(g * size);
  for (let x = 0; x < size; x++) {
    const gx = Math.min(Math.max((x + shiftX + 0.5) / cellPx - 0.5, 0), g - 1);
    const i = Math.min(Math.floor(gx), g - 2);
    const w = gx - i;
    for (let j = 0; j < g; j++) rows[j * size + x] = grid[j * g + i]! * (1 - w) + grid[j * g + i + 1]! * w;
  }
  for (let y = 0; y < size; y++) {
    const gy = Math.min(Math.max((y + shiftY + 0.5) / cellPx - 0.5, 0), g - 1);
    const j = Math.min(Math.floor(gy), g - 2);
    const wy = gy - j;
    const r0 = j * size, r1 = (j + 1) * size, row = y * size;
    for (let x = 0; x < size; x++) out[row + x] = rows[r0 + x]! * (1 - wy) + rows[r1 + x]! * wy;
  }
  return out;
}

/** Endless stream of complementary mask pairs: masks[2k+1] = 1 - masks[2k]. */
export function* maskPairs(spec: MaskSpec, seed: number): Generator<Float32Array> {
  const rand = prng(seed);
  const g = spec.cells + 1;
  const cellPx = Math.ceil(spec.size / spec.cells);
  const grid = new Uint8Array(g * g);
  for (;;) {
    for (let i = 0; i < grid.length; i++) grid[i] = rand() < spec.keep ? 1 : 0;
    const m = renderMask(grid, spec, Math.floor(rand() * cellPx), Math.floor(rand() * cellPx), new Float32Array(spec.size * spec.size));
    yield m;
    const c = new Float32Array(m.length);
    for (let i = 0; i < m.length; i++) c[i] = 1 - m[i]!;
    yield c;
  }
}

/** Grid size for a mask budget: coarse cells when few masks fit (less variance), finer with more. */
export function cellsFor(masks: number): number {
  return Math.max(4, Math.min(8, Math.round(Math.sqrt(masks / 2))));
}

/**
 * Writes the masked image into `out` (CHW): image * mask + fill * (1 - mask). Without `fill`, masked
 * pixels go to 0, which in normalised space is the dataset mean colour (a neutral grey).
 */
export function applyMask(image: Float32Array, mask: Float32Array, out: Float32Array, fill?: Float32Array): void {
  const plane = mask.length;
  for (let c = 0; c < 3; c++) {
    const o = c * plane;
    if (fill) for (let i = 0; i < plane; i++) out[o + i] = fill[o + i]! + (image[o + i]! - fill[o + i]!) * mask[i]!;
    else for (let i = 0; i < plane; i++) out[o + i] = image[o + i]! * mask[i]!;
  }
}
