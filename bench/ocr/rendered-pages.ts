// Page images rendered from PDFs (pdftoppm, poppler-utils) with the PDF's own text (pdftotext, in
// its reading order) as ground truth: word recall, word precision and CER in reading order, on
// single- and two-column pages. Shared by bench/ocr/words.ts and the OCR word tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { characterErrorRate, normaliseForCer } from './cer';

const DOCS = '/work/shared/eval/documents';

export interface RenderedPage {
  pdf: string;
  page: number;
  columns: 1 | 2;
  /** Rendering resolution (default 150 dpi). */
  dpi?: number;
  /** A page image that came with the PDF (not rendered here). */
  image?: string;
}

/** Pages nobody here wrote: arXiv two-column paper pages, R manuals, a LaTeX package manual, the Debian live manual. */
export const RENDERED_PAGES: RenderedPage[] = [
  { pdf: `${DOCS}/unstructured-example-docs/pdf/multi-column-2p.pdf`, page: 1, columns: 2 },
  { pdf: `${DOCS}/unstructured-example-docs/pdf/multi-column-2p.pdf`, page: 2, columns: 2 },
  { pdf: `${DOCS}/unstructured-example-docs/pdf/layout-parser-paper-with-table.pdf`, page: 1, columns: 1 },
  { pdf: `${DOCS}/debian-pdfs/R-intro.pdf`, page: 12, columns: 1 },
  { pdf: `${DOCS}/debian-pdfs/R-data.pdf`, page: 8, columns: 1 },
  { pdf: `${DOCS}/debian-pdfs/euler.pdf`, page: 2, columns: 1 },
  { pdf: `${DOCS}/debian-pdfs/live-manual.landscape.en.letter.pdf`, page: 6, columns: 1 },
  { pdf: `${DOCS}/debian-pdfs/reportlab-userguide.pdf`, page: 9, columns: 1 },
  // Lower resolution: small print at 100 dpi (8-9 px x-height), and the page images shipped with
  // Unstructured's examples (72 dpi screenshots, JPEG).
  { pdf: `${DOCS}/unstructured-example-docs/pdf/multi-column-2p.pdf`, page: 1, columns: 2, dpi: 100 },
  { pdf: `${DOCS}/debian-pdfs/R-intro.pdf`, page: 30, columns: 1, dpi: 100 },
  { pdf: `${DOCS}/unstructured-example-docs/pdf/DA-1p.pdf`, page: 1, columns: 1, image: `${DOCS}/unstructured-example-docs/img/DA-1p.jpg` },
];

/** Renders one page to PNG at its dpi (cached in the temp folder); returns its path. */
export function renderPage(p: RenderedPage): string {
  if (p.image) return p.image;
  const dpi = p.dpi ?? 150;
  const dir = join(tmpdir(), 'glimpse-bench-ocr-pages');
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `${basename(p.pdf, '.pdf')}-p${p.page}-${dpi}`);
  const out = `${stem}.png`;
  if (!existsSync(out)) execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(p.page), '-l', String(p.page), '-png', '-singlefile', p.pdf, stem]);
  return out;
}

/** The page's text layer in reading order (pdftotext, columns read one after the other). */
export function referenceText(p: RenderedPage): string {
  return execFileSync('pdftotext', ['-f', String(p.page), '-l', String(p.page), '-enc', 'UTF-8', p.pdf, '-'], { encoding: 'utf8' });
}

/** Words for recall: the CER normalisation, then runs of letters/digits (punctuation is not a word). */
export function words(text: string): string[] {
  return normaliseForCer(text)
    .replace(/-\s+/g, '') // hyphenation at line ends in the reference
    .match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Multiset overlap of words: recall over the reference's words, precision over the hypothesis's. */
export function wordScores(hypothesis: string, reference: string): { recall: number; precision: number; referenceWords: number } {
  const ref = words(reference);
  const hyp = words(hypothesis);
  const counts = new Map<string, number>();
  for (const w of hyp) counts.set(w, (counts.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of ref) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      hit++;
      counts.set(w, c - 1);
    }
  }
  return { recall: ref.length ? hit / ref.length : 1, precision: hyp.length ? hit / hyp.length : 1, referenceWords: ref.length };
}

/** CER of the hypothesis in its reading order against the reference's, hyphenated line ends joined on both sides. */
export function readingOrderCer(hypothesis: string, reference: string): number {
  const join = (s: string) => s.replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2');
  return characterErrorRate(join(hypothesis), join(reference)).cer;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
