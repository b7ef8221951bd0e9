// The text read from an image (OCR lines with their boxes) as fileInfo gives it to the UI, so the
// preview can say "found by the text in the image" and outline where that text is. Boxes are
// polygons in the oriented image's pixels; anything stored in another shape is passed as null.
import type { Catalog } from './catalog';

export interface TextInImageLine {
  text: string;
  box: [number, number][] | null;
}

const MAX_LINES = 200;

function polygon(box: unknown): [number, number][] | null {
  if (!Array.isArray(box) || box.length < 3) return null;
  const out: [number, number][] = [];
  for (const p of box) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    out.push([Number(p[0]), Number(p[1])]);
  }
  return out;
}

export function textInImage(catalog: Catalog, contentId: number | null): TextInImageLine[] {
  if (contentId === null) return [];
  return catalog.ocr
    .forContent(contentId)
    .slice(0, MAX_LINES)
    .map((l) => ({ text: l.text, box: polygon(l.box) }));
}
