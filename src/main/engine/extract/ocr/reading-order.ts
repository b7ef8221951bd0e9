// Reading order for OCR lines: boxes are first split into column blocks (column-layout.ts: a
// two-column page is read column after column), then within a block grouped into rows (boxes that
// share most of their vertical extent, such as the cells of a table row or words split by a wide
// gap), rows go top to bottom and boxes within a row left to right (right to left for upside-down
// text). Vertical text stands alone.
import { splitColumns } from './column-layout';
import { quadBounds, type Quad } from './quad';

export interface Placed {
  box: Quad | [number, number][];
}

interface Info<T> {
  item: T;
  x0: number;
  y0: number;
  y1: number;
  cy: number;
  vertical: boolean;
  reversed: boolean;
}

function isVertical(q: Quad): boolean {
  const dx = q[1][0] - q[0][0];
  const dy = q[1][1] - q[0][1];
  return Math.abs(dy) > Math.abs(dx);
}

/** Groups items into rows in reading order. */
export function groupRows<T extends Placed>(items: readonly T[]): T[][] {
  const infos: Info<T>[] = items.map((item) => {
    const q = item.box as Quad;
    const [x0, y0, , y1] = quadBounds(q);
    return { item, x0, y0, y1, cy: (y0 + y1) / 2, vertical: isVertical(q), reversed: q[1][0] < q[0][0] };
  });
  infos.sort((a, b) => a.cy - b.cy || a.x0 - b.x0);
  const rows: Info<T>[][] = [];
  let current: Info<T>[] | null = null;
  let refY0 = 0;
  let refY1 = 0;
  for (const info of infos) {
    const h = info.y1 - info.y0;
    const overlap = Math.min(info.y1, refY1) - Math.max(info.y0, refY0);
    const joins =
      current !== null &&
      !info.vertical &&
      !current[0]!.vertical &&
      info.cy >= refY0 &&
      info.cy <= refY1 &&
      overlap >= 0.5 * Math.min(h, refY1 - refY0);
    if (joins) {
      current!.push(info);
      continue;
    }
    current = [info];
    rows.push(current);
    refY0 = info.y0;
    refY1 = info.y1;
  }
  // A row of upside-down boxes (read turned around) runs right to left on the image.
  return rows.map((row) => {
    const flipped = row.filter((i) => i.reversed).length * 2 > row.length;
    return row.sort((a, b) => (flipped ? b.x0 - a.x0 : a.x0 - b.x0)).map((i) => i.item);
  });
}

/**
 * Blocks (columns, and what spans them) in reading order, each as rows in reading order. Only
 * upright horizontal boxes take part in the column split; the rest are read as one more block.
 */
export function readingBlocks<T extends Placed>(items: readonly T[]): T[][][] {
  const upright: T[] = [];
  const other: T[] = [];
  for (const item of items) {
    const q = item.box as Quad;
    if (!isVertical(q) && q[1][0] >= q[0][0]) upright.push(item);
    else other.push(item);
  }
  const blocks = splitColumns(upright, (item) => {
    const [x0, y0, x1, y1] = quadBounds(item.box as Quad);
    return { x0, y0, x1, y1 };
  });
  if (other.length) blocks.push(other);
  return blocks.map((block) => groupRows(block));
}

/** Items flattened in reading order. */
export function sortReadingOrder<T extends Placed>(items: readonly T[]): T[] {
  return readingBlocks(items).flat(2);
}

/**
 * Plain text of OCR lines (already in reading order, as OcrResult gives them): boxes of one row
 * joined by a space, rows by newlines. Rows are regrouped within column blocks, never across them.
 */
export function linesToText(lines: readonly (Placed & { text: string })[]): string {
  return readingBlocks(lines)
    .flatMap((rows) => rows.map((row) => row.map((l) => l.text).join(' ')))
    .join('\n');
}
