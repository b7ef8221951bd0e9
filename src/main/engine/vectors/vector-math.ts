// Small vector helpers shared by the index, tests and benchmarks: validation, L2 normalisation
// into the plain number[] hnswlib-node wants, dot products and exact (brute-force) k-NN.
import { GlimpseError } from '../../../shared/errors';

export type Vec = Float32Array | readonly number[];

/** Checks dimension and finiteness and returns a unit-length copy as number[]. */
export function normalizedArray(v: Vec, dim: number, what: string): number[] {
  if (v.length !== dim) throw new GlimpseError('model-invalid', `${what}: vector has ${v.length} dimensions, expected ${dim}`);
  let s = 0;
  for (let i = 0; i < dim; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) throw new GlimpseError('model-invalid', `${what}: vector has a non-finite value at ${i}`);
    s += x * x;
  }
  if (s === 0) throw new GlimpseError('model-invalid', `${what}: vector is all zeros`);
  const inv = 1 / Math.sqrt(s);
  const out = new Array<number>(dim);
  for (let i = 0; i < dim; i++) out[i] = v[i]! * inv;
  return out;
}

export function normalizeInPlace(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

export function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Exact top-k by inner product over row-major unit vectors (data: n x dim). Returns row indices. */
export function bruteForceTopK(data: Float32Array, dim: number, query: Vec, k: number): { index: number; score: number }[] {
  const n = data.length / dim;
  const best: { index: number; score: number }[] = [];
  let floor = -Infinity;
  for (let r = 0; r < n; r++) {
    let s = 0;
    const o = r * dim;
    for (let i = 0; i < dim; i++) s += data[o + i]! * query[i]!;
    if (best.length < k || s > floor) {
      best.push({ index: r, score: s });
      if (best.length > k) {
        best.sort((a, b) => b.score - a.score);
        best.length = k;
      }
      if (best.length === k) floor = Math.min(...best.map((b) => b.score));
    }
  }
  return best.sort((a, b) => b.score - a.score);
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: Vec, b: Vec): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb);
}

/** Float32Arrays end to end in one new buffer (stacking per-run outputs along the batch axis). */
export function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
