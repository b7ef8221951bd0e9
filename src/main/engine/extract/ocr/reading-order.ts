// Reading order for OCR lines: boxes are grouped into rows (boxes that share most of their vertical
// extent, such as the cells of a table row or words split by a wide gap), rows go top to bottom and
// boxes within a row left to right (right to left for upside-down text). Vertical text stands alone.
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

/** Items flattened in reading order. */
export function sortReadingOrder<T extends Placed>(items: readonly T[]): T[] {
  return groupRows(items).flat();
}

/** Plain text of OCR lines: boxes of one row joined by a space, rows by newlines. */
export function linesToText(lines: readonly (Placed & { text: string })[]): string {
  return groupRows(lines)
    .map((row) => row.map((l) => l.text).join(' '))
    .join('\n');
}
