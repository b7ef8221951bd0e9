// Pillow's convolution resampling (Image.resize with BICUBIC / BILINEAR / LANCZOS), reproduced
// to the bit: the packs' reference embeddings (Immich's ML service, open_clip) are computed on PIL's
// pixels, and libvips' cubic differs from it by 0.2-3 levels per pixel (cosine 0.990-0.9999 on the
// fixture images, worst when enlarging). Separable: a horizontal pass into an 8-bit image, then a
// vertical pass, with Pillow's fixed-point coefficients (22 fractional bits) and rounding.
// Only the output window that survives the centre crop is computed: passes are separable, so the
// pixels are identical to resizing the whole image and cropping afterwards.
import type { Interpolation } from './pack';

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

interface Filter {
  support: number;
  weight(x: number): number;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

const FILTERS: Partial<Record<Interpolation, Filter>> = {
  bilinear: { support: 1, weight: (x) => Math.max(0, 1 - Math.abs(x)) },
  bicubic: {
    support: 2,
    weight: (xIn) => {
      const a = -0.5;
      const x = Math.abs(xIn);
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
  lanczos: { support: 3, weight: (x) => (x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

/** True when this module reproduces Pillow for the interpolation (nearest is left to libvips). */
export function pilExact(interpolation: Interpolation): boolean {
  return FILTERS[interpolation] !== undefined;
}

interface Coefficients {
  /** First input index per output index. */
  start: Int32Array;
  /** Taps per output index. */
  count: Int32Array;
  /** Fixed-point weights, `ksize` per output index. */
  k: Int32Array;
  ksize: number;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for outputs [from, from + n) of outSize. */
function coefficients(inSize: number, outSize: number, from: number, n: number, filter: Filter): Coefficients {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const k = new Int32Array(n * ksize);
  const pre = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let i = 0; i < n; i++) {
    const xx = from + i;
    const center = (xx + 0.5) * scale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.weight((x + xmin - center + 0.5) * ss);
      pre[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? pre[x]! / ww : pre[x]!;
      // C's (int)(0.5 + v * ONE) / (int)(-0.5 + v * ONE): truncation toward zero.
      k[i * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * ONE) : Math.trunc(0.5 + v * ONE);
    }
    start[i] = xmin;
    count[i] = xmax;
  }
  return { start, count, k, ksize };
}

function clip8(ss: number): number {
  const v = Math.floor(ss / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Resizes packed RGB (3 channels) to outWidth x outHeight as Pillow would, and returns the window
 * [left, left + width) x [top, top + height) of the result.
 */
export function pilResizeWindow(
  src: RgbImage,
  outWidth: number,
  outHeight: number,
  window: { left: number; top: number; width: number; height: number },
  interpolation: Interpolation,
): Uint8Array {
  const filter = FILTERS[interpolation];
  if (!filter) throw new Error(`no Pillow filter for ${interpolation}`);
  const { width: W, height: H, data } = src;
  const { left, top, width: w, height: h } = window;
  const needH = outWidth !== W;
  const needV = outHeight !== H;
  // Horizontal pass over the input rows the vertical pass reads (all of them when it is skipped).
  const vc = needV ? coefficients(H, outHeight, top, h, filter) : null;
  const rowFirst = vc ? vc.start[0]! : top;
  const rowLast = vc ? Math.max(...Array.from(vc.start, (s, i) => s + vc.count[i]!)) : top + h;
  const rows = rowLast - rowFirst;
  let mid: Uint8Array;
  if (needH) {
    const hc = coefficients(W, outWidth, left, w, filter);
    mid = new Uint8Array(rows * w * 3);
    for (let y = 0; y < rows; y++) {
      const inRow = (rowFirst + y) * W * 3;
      const outRow = y * w * 3;
      for (let x = 0; x < w; x++) {
        const s0 = hc.start[x]!, n = hc.count[x]!, kb = x * hc.ksize;
        let r = HALF, g = HALF, b = HALF;
        for (let t = 0; t < n; t++) {
          const kk = hc.k[kb + t]!, p = inRow + (s0 + t) * 3;
          r += data[p]! * kk;
          g += data[p + 1]! * kk;
          b += data[p + 2]! * kk;
        }
        const o = outRow + x * 3;
        mid[o] = clip8(r);
        mid[o + 1] = clip8(g);
        mid[o + 2] = clip8(b);
      }
    }
  } else {
    mid = new Uint8Array(rows * w * 3);
    for (let y = 0; y < rows; y++) mid.set(data.subarray(((rowFirst + y) * W + left) * 3, ((rowFirst + y) * W + left + w) * 3), y * w * 3);
  }
  if (!vc) return mid;
  const out = new Uint8Array(w * h * 3);
  const rowBytes = w * 3;
  // Tap-major over contiguous rows (a strided walk down each column is ~3x slower).
  const acc = new Float64Array(rowBytes);
  for (let y = 0; y < h; y++) {
    const s0 = vc.start[y]! - rowFirst, n = vc.count[y]!, kb = y * vc.ksize;
    acc.fill(HALF);
    for (let t = 0; t < n; t++) {
      const kk = vc.k[kb + t]!, base = (s0 + t) * rowBytes;
      for (let i = 0; i < rowBytes; i++) acc[i] = acc[i]! + mid[base + i]! * kk;
    }
    const o = y * rowBytes;
    for (let i = 0; i < rowBytes; i++) out[o + i] = clip8(acc[i]!);
  }
  return out;
}
