// Columns before lines: OCR boxes are split into blocks read one after another, so a two-column page
// is read down the left column, then down the right one, instead of across both line by line.
// A column gutter is a vertical strip that no box crosses over a stretch of the page holding at
// least two lines on each side, with text columns on both sides (most lines fill their column, which
// keeps tables, whose cells are short, read row by row). The best such stretch splits the region
// into what is above it, its left column, its right column and what is below, each split again the
// same way (three-column pages, a full-width heading between two-column parts).

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Horizontal boxes only take part; the caller keeps vertical text out (it has no column). */
export interface ColumnOptions {
  /** Minimum boxes on each side of a gutter (default 2). */
  minLines?: number;
  /** A side's median line width over the side's width (text columns are filled; default 0.5). */
  minFill?: number;
  /** A side at least this share of the region's width (default 0.2). */
  minSideShare?: number;
}

/** A column's typical line is at least this many line heights long. */
const MIN_LINE_HEIGHTS = 8;
/** Above this many boxes the column split is skipped (quadratic cost). */
const MAX_BOXES = 3000;

interface Item<T> {
  item: T;
  b: Bounds;
  cy: number;
}

interface Split<T> {
  above: Item<T>[];
  left: Item<T>[];
  right: Item<T>[];
  below: Item<T>[];
  score: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function extent(items: readonly Item<unknown>[]): Bounds {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const { b } of items) {
    x0 = Math.min(x0, b.x0);
    y0 = Math.min(y0, b.y0);
    x1 = Math.max(x1, b.x1);
    y1 = Math.max(y1, b.y1);
  }
  return { x0, y0, x1, y1 };
}

/**
 * True when a side looks like a column of text: most lines fill its width and are lines of prose
 * (at least MIN_LINE_HEIGHTS times as long as they are tall, ~16 characters), not table cells.
 */
function isTextColumn(side: readonly Item<unknown>[], regionWidth: number, lineHeight: number, o: Required<ColumnOptions>): boolean {
  if (side.length < o.minLines) return false;
  const e = extent(side);
  const width = e.x1 - e.x0;
  if (width < o.minSideShare * regionWidth) return false;
  const typical = median(side.map((s) => s.b.x1 - s.b.x0));
  return typical >= o.minFill * width && typical >= MIN_LINE_HEIGHTS * lineHeight;
}

/** The best gutter of a region, or null. */
function findSplit<T>(items: readonly Item<T>[], lineHeight: number, o: Required<ColumnOptions>): Split<T> | null {
  const region = extent(items);
  const width = region.x1 - region.x0;
  if (width <= 0) return null;
  // Gutters can be narrow (under a line height in two-column papers): a line just past a box's right edge.
  const margin = 0.15 * lineHeight;
  const byY = [...items].sort((a, b) => a.cy - b.cy);
  const lo = region.x0 + o.minSideShare * width;
  const hi = region.x1 - o.minSideShare * width;
  const candidates = [...new Set(items.map((it) => Math.round(it.b.x1 + margin + 1)))].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
  let best: Split<T> | null = null;
  // One sweep down the page per candidate: boxes that cross the vertical line at x (with a margin)
  // cut it into free stretches; each stretch is scored by its shorter side. O(candidates x boxes).
  for (const x of candidates) {
    let start = 0;
    for (let i = 0; i <= byY.length; i++) {
      const it = byY[i];
      if (it && !(it.b.x0 - margin <= x && x <= it.b.x1 + margin)) continue;
      if (i - start >= 2 * o.minLines) {
        // Nothing in the stretch crosses x, so every box there is on one side or the other.
        const inside = byY.slice(start, i);
        const left = inside.filter((v) => v.b.x1 < x);
        const right = inside.filter((v) => v.b.x0 > x);
        const score = Math.min(left.length, right.length);
        if ((!best || score > best.score) && isTextColumn(left, width, lineHeight, o) && isTextColumn(right, width, lineHeight, o)) {
          best = { above: byY.slice(0, start), left, right, below: byY.slice(i), score };
        }
      }
      start = i + 1;
    }
  }
  return best;
}

function blocksOf<T>(items: Item<T>[], lineHeight: number, o: Required<ColumnOptions>, depth: number): Item<T>[][] {
  if (items.length < 2 * o.minLines || depth > 8) return items.length ? [items] : [];
  const split = findSplit(items, lineHeight, o);
  if (!split) return [items];
  return [
    ...blocksOf(split.above, lineHeight, o, depth + 1),
    ...blocksOf(split.left, lineHeight, o, depth + 1),
    ...blocksOf(split.right, lineHeight, o, depth + 1),
    ...blocksOf(split.below, lineHeight, o, depth + 1),
  ];
}

/**
 * Splits boxes into blocks in reading order (columns left to right, and what spans them above or
 * below); the lines of each block are then read row by row. Items keep their relative order.
 */
export function splitColumns<T>(items: readonly T[], bounds: (item: T) => Bounds, options: ColumnOptions = {}): T[][] {
  const o: Required<ColumnOptions> = { minLines: 2, minFill: 0.5, minSideShare: 0.2, ...options };
  // Quadratic in the boxes: a screenshot of a huge spreadsheet is read row by row.
  if (items.length < 2 * o.minLines || items.length > MAX_BOXES) return items.length ? [[...items]] : [];
  const infos: Item<T>[] = items.map((item) => {
    const b = bounds(item);
    return { item, b, cy: (b.y0 + b.y1) / 2 };
  });
  const lineHeight = Math.max(1, median(infos.map((i) => i.b.y1 - i.b.y0)));
  return blocksOf(infos, lineHeight, o, 0).map((block) => block.map((i) => i.item));
}
