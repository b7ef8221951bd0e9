// Column-aware reading order: a two-column page is read column after column, with what spans both
// columns (title, footer) before and after; tables (short cells) and single columns stay row by row.
import { describe, expect, it } from 'vitest';
import { linesToText, sortReadingOrder } from '../../../src/main/engine/extract/ocr/reading-order';

const line = (text: string, x0: number, y0: number, x1: number, y1: number) => ({
  text,
  box: [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ] as [number, number][],
});

/** A page like an arXiv paper: full-width title, two columns with a 20 px gutter (under a line height), footer. */
function twoColumnPage() {
  const lines = [line('A Title Across Both Columns', 150, 40, 1100, 90)];
  for (let i = 0; i < 6; i++) {
    const y = 130 + i * 30;
    lines.push(line(`left ${i}`, 145, y, i === 5 ? 300 : 612, y + 28));
    lines.push(line(`right ${i}`, 633, y + 2, 1104, y + 30));
  }
  lines.push(line('page footer spanning the page', 400, 400, 850, 428));
  return lines;
}

describe('column layout', () => {
  it('reads a two-column page down each column, between the full-width title and footer', () => {
    const lines = twoColumnPage();
    const order = sortReadingOrder([...lines].reverse()).map((l) => l.text);
    expect(order).toEqual([
      'A Title Across Both Columns',
      ...[0, 1, 2, 3, 4, 5].map((i) => `left ${i}`),
      ...[0, 1, 2, 3, 4, 5].map((i) => `right ${i}`),
      'page footer spanning the page',
    ]);
    // linesToText keeps the column order of lines already sorted (never regroups rows across columns).
    expect(linesToText(sortReadingOrder(lines)).split('\n').slice(0, 3)).toEqual(['A Title Across Both Columns', 'left 0', 'left 1']);
  });

  it('keeps a table of short cells row by row', () => {
    const lines = [];
    for (let r = 0; r < 5; r++) {
      const y = 100 + r * 30;
      lines.push(line(`name ${r}`, 100, y, 180, y + 24), line(`${r}.5`, 600, y, 640, y + 24), line(`unit ${r}`, 900, y, 960, y + 24));
    }
    expect(sortReadingOrder(lines).map((l) => l.text).slice(0, 4)).toEqual(['name 0', '0.5', 'unit 0', 'name 1']);
  });

  it('keeps a single column in row order', () => {
    const lines = [0, 1, 2, 3, 4].map((i) => line(`row ${i}`, 100, 100 + i * 30, i % 2 ? 700 : 900, 126 + i * 30));
    expect(sortReadingOrder(lines).map((l) => l.text)).toEqual(['row 0', 'row 1', 'row 2', 'row 3', 'row 4']);
  });
});
