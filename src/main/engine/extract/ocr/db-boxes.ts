// DB (differentiable binarization) post-processing: probability map -> text boxes. Follows the
// PaddleOCR recipe (threshold the map, one box per connected region, keep boxes whose mean probability
// passes box_thresh, grow each by the DB unclip distance area * ratio / perimeter), with our own
// region fitting: the box is the tightest rectangle aligned with the region's principal axis, so
// slightly rotated lines get rotated boxes and everything else gets plain axis-aligned ones.
import { labelComponents, thresholdMap } from './components';
import type { Quad } from './quad';

export interface DbOptions {
  /** Pixels above this probability are text (PaddleOCR det_db_thresh). */
  threshold: number;
  /** Minimum mean probability inside a box (det_db_box_thresh). */
  boxThreshold: number;
  /** Growth of the shrunk DB region back to the text outline (det_db_unclip_ratio). */
  unclipRatio: number;
  /** Boxes whose short side is below this (before growth) are noise. */
  minSize: number;
  /** At most this many regions are considered, largest first. */
  maxCandidates: number;
}

export const defaultDbOptions: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
};

export interface DetectedBox {
  /** Corners in map coordinates (pixel i spans [i, i + 1)), reading order start-top first. */
  quad: Quad;
  /** Mean text probability inside the box before growth. */
  score: number;
}

// Below this ratio of principal variances a region is not elongated enough for its axis to mean
// anything (a single glyph, a digit in a table cell): it gets an axis-aligned box.
const MIN_ELONGATION = 6;
// Angles this close to axis-aligned are snapped: the principal axis of a clean horizontal line can
// wobble by a fraction of a degree from descenders and that only blurs the crop.
const SNAP_RADIANS = (0.3 * Math.PI) / 180;

/** Extracts text boxes from a [height, width] probability map. */
export function extractBoxes(prob: Float32Array, width: number, height: number, options: Partial<DbOptions> = {}): DetectedBox[] {
  const opts = { ...defaultDbOptions, ...options };
  const mask = thresholdMap(prob, opts.threshold);
  const comps = labelComponents(mask, width, height);
  const order = Array.from({ length: comps.count }, (_, k) => k);
  if (order.length > opts.maxCandidates) {
    order.sort((a, b) => comps.starts[b + 1]! - comps.starts[b]! - (comps.starts[a + 1]! - comps.starts[a]!));
    order.length = opts.maxCandidates;
  }
  const boxes: DetectedBox[] = [];
  for (const k of order) {
    const from = comps.starts[k]!;
    const to = comps.starts[k + 1]!;
    if (to - from < 2) continue;
    const box = fitBox(prob, comps.pixels, from, to, width, height, opts);
    if (box) boxes.push(box);
  }
  return boxes;
}

function fitBox(
  prob: Float32Array,
  pixels: Int32Array,
  from: number,
  to: number,
  width: number,
  height: number,
  opts: DbOptions,
): DetectedBox | null {
  const n = to - from;
  let sx = 0;
  let sy = 0;
  for (let i = from; i < to; i++) {
    const p = pixels[i]!;
    const y = (p / width) | 0;
    sx += p - y * width;
    sy += y;
  }
  const mx = sx / n + 0.5;
  const my = sy / n + 0.5;
  let cxx = 0;
  let cyy = 0;
  let cxy = 0;
  for (let i = from; i < to; i++) {
    const p = pixels[i]!;
    const y = (p / width) | 0;
    const dx = p - y * width + 0.5 - mx;
    const dy = y + 0.5 - my;
    cxx += dx * dx;
    cyy += dy * dy;
    cxy += dx * dy;
  }
  // Principal axis of the region; the eigenvalue ratio tells how elongated it is.
  let theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
  const tr = cxx + cyy;
  const disc = Math.sqrt(Math.max(0, (cxx - cyy) * (cxx - cyy) + 4 * cxy * cxy));
  const l1 = (tr + disc) / 2;
  const l2 = (tr - disc) / 2;
  if (l1 < MIN_ELONGATION * l2) theta = 0;
  // Snap near-axis angles (either axis) to exactly axis-aligned.
  const quarter = Math.PI / 2;
  const nearest = Math.round(theta / quarter) * quarter;
  if (Math.abs(theta - nearest) < SNAP_RADIANS) theta = nearest;
  let ax = Math.cos(theta);
  let ay = Math.sin(theta);
  // Make `a` the more horizontal of the two rectangle axes, pointing right: the reading direction.
  if (Math.abs(ax) < Math.abs(ay)) [ax, ay] = [-ay, ax];
  if (ax < 0) [ax, ay] = [-ax, -ay];
  const bx = -ay;
  const by = ax; // `b` points "down" in the text frame.
  // Extent of a pixel square projected on each axis.
  const half = 0.5 * (Math.abs(ax) + Math.abs(ay));
  let s0 = Infinity;
  let s1 = -Infinity;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = from; i < to; i++) {
    const p = pixels[i]!;
    const y = (p / width) | 0;
    const dx = p - y * width + 0.5 - mx;
    const dy = y + 0.5 - my;
    const s = dx * ax + dy * ay;
    const t = dx * bx + dy * by;
    if (s < s0) s0 = s;
    if (s > s1) s1 = s;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  s0 -= half;
  s1 += half;
  t0 -= half;
  t1 += half;
  const w = s1 - s0;
  const h = t1 - t0;
  if (Math.min(w, h) < opts.minSize) return null;
  const score = meanInside(prob, width, height, mx, my, ax, ay, s0, s1, t0, t1);
  if (score < opts.boxThreshold) return null;
  const d = (w * h * opts.unclipRatio) / (2 * (w + h));
  if (Math.min(w, h) + 2 * d < opts.minSize + 2) return null;
  s0 -= d;
  s1 += d;
  t0 -= d;
  t1 += d;
  const at = (s: number, t: number): [number, number] => [mx + s * ax + t * bx, my + s * ay + t * by];
  return { quad: [at(s0, t0), at(s1, t0), at(s1, t1), at(s0, t1)], score };
}

/** Mean probability over the map pixels whose centres fall inside the rectangle. */
function meanInside(
  prob: Float32Array,
  width: number,
  height: number,
  mx: number,
  my: number,
  ax: number,
  ay: number,
  s0: number,
  s1: number,
  t0: number,
  t1: number,
): number {
  const bx = -ay;
  const by = ax;
  const xs = [s0 * ax + t0 * bx, s1 * ax + t0 * bx, s1 * ax + t1 * bx, s0 * ax + t1 * bx];
  const ys = [s0 * ay + t0 * by, s1 * ay + t0 * by, s1 * ay + t1 * by, s0 * ay + t1 * by];
  const x0 = Math.max(0, Math.floor(mx + Math.min(...xs)));
  const x1 = Math.min(width - 1, Math.ceil(mx + Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(my + Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(my + Math.max(...ys)));
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - my;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - mx;
      const s = dx * ax + dy * ay;
      const t = dx * bx + dy * by;
      if (s < s0 || s > s1 || t < t0 || t > t1) continue;
      sum += prob[y * width + x]!;
      count++;
    }
  }
  return count ? sum / count : 0;
}
