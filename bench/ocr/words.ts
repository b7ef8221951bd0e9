// OCR word recall and reading order on page images rendered from PDFs (pdftoppm; pdftotext is the
// ground truth, in its reading order), single- and two-column pages, 72-150 dpi. Each page is read
// twice (plain greedy CTC decoding, then space-aware decoding, both without word repair) and the
// word repair (word-split.ts) is applied to the lines afterwards, as the engine does, so the four
// variants come from two OCR runs. Reading order: CER of the text in our order (column-aware) and
// in the old row-by-row order, against pdftotext's.
// Usage: npx tsx bench/ocr/words.ts   (needs poppler-utils). Merges "words" into bench/results/ocr.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOcrEngine, linesToText, type OcrLine } from '../../src/main/engine/extract/ocr/index';
import { groupRows } from '../../src/main/engine/extract/ocr/reading-order';
import { defaultRecognizerOptions } from '../../src/main/engine/extract/ocr/recognizer';
import { fixImageWords } from '../../src/main/engine/extract/ocr/word-split';
import { RENDERED_PAGES, readingOrderCer, referenceText, renderPage, wordScores } from './rendered-pages';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SPACE_MIN = defaultRecognizerOptions.spaceMin;
const r4 = (v: number) => Math.round(v * 10000) / 10000;

type Variant = 'greedy' | 'greedy+repair' | 'spaceAware' | 'spaceAware+repair';
const VARIANTS: Variant[] = ['greedy', 'greedy+repair', 'spaceAware', 'spaceAware+repair'];

/** The word repair the engine applies to an image's lines (wordRepair, on by default). */
function repaired(lines: readonly OcrLine[]): OcrLine[] {
  const texts = fixImageWords(lines.map((l) => l.text));
  return lines.map((l, i) => ({ ...l, text: texts[i]! }));
}

function rowOrderText(lines: readonly OcrLine[]): string {
  return groupRows(lines)
    .map((row) => row.map((l) => l.text).join(' '))
    .join('\n');
}

async function readAll(spaceMin: number): Promise<{ lines: OcrLine[]; ms: number }[]> {
  const engine = await createOcrEngine({ wordRepair: false, recognizer: { spaceMin } });
  const out: { lines: OcrLine[]; ms: number }[] = [];
  try {
    for (const p of RENDERED_PAGES) {
      const t = performance.now();
      const r = await engine.ocr(renderPage(p));
      out.push({ lines: r.lines, ms: performance.now() - t });
    }
  } finally {
    await engine.close();
  }
  return out;
}

const refs = RENDERED_PAGES.map(referenceText);
const greedy = await readAll(0);
const spaced = await readAll(SPACE_MIN);

const totals = Object.fromEntries(VARIANTS.map((v) => [v, { hit: 0, words: 0, hypHit: 0, hypWords: 0 }])) as Record<Variant, { hit: number; words: number; hypHit: number; hypWords: number }>;
const pages = RENDERED_PAGES.map((p, i) => {
  const ref = refs[i]!;
  const recall: Partial<Record<Variant, number>> = {};
  const precision: Partial<Record<Variant, number>> = {};
  for (const v of VARIANTS) {
    const base = v.startsWith('greedy') ? greedy[i]! : spaced[i]!;
    const lines = v.endsWith('+repair') ? repaired(base.lines) : base.lines;
    const s = wordScores(linesToText(lines), ref);
    recall[v] = r4(s.recall);
    precision[v] = r4(s.precision);
    totals[v].hit += s.recall * s.referenceWords;
    totals[v].words += s.referenceWords;
    const hypWords = s.precision > 0 ? (s.recall * s.referenceWords) / s.precision : 0;
    totals[v].hypHit += s.recall * s.referenceWords;
    totals[v].hypWords += hypWords;
  }
  const final = repaired(spaced[i]!.lines);
  return {
    page: `${basename(p.image ?? p.pdf)}${p.image ? '' : ` p.${p.page} @${p.dpi ?? 150} dpi`}`,
    columns: p.columns,
    referenceWords: wordScores('', ref).referenceWords,
    lines: final.length,
    recall,
    precision,
    cerReadingOrder: r4(readingOrderCer(linesToText(final), ref)),
    cerRowOrder: r4(readingOrderCer(rowOrderText(final), ref)),
    ocrMs: Math.round(spaced[i]!.ms),
  };
});

const summary = Object.fromEntries(
  VARIANTS.map((v) => [v, { wordRecall: r4(totals[v].hit / totals[v].words), wordPrecision: r4(totals[v].hypHit / Math.max(1, totals[v].hypWords)) }]),
);
const twoColumn = pages.filter((p) => p.columns === 2);
const result = {
  when: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  method:
    'pdftoppm page images (150 dpi unless noted); reference pdftotext of the same page; words = runs of letters/digits after the CER normalisation, hyphenated line ends joined; recall/precision = multiset overlap, pooled over pages',
  spaceMin: SPACE_MIN,
  summary,
  cerReadingOrderTwoColumn: { columnAware: twoColumn.map((p) => p.cerReadingOrder), rowByRow: twoColumn.map((p) => p.cerRowOrder) },
  pages,
};

console.log(`OCR words on ${pages.length} pages (${result.machine.cpu}, ${result.machine.cores} cores)`);
for (const v of VARIANTS) console.log(`  ${v.padEnd(18)} word recall ${summary[v]!.wordRecall}  precision ${summary[v]!.wordPrecision}`);
for (const p of pages)
  console.log(`  ${p.page.padEnd(48)} recall ${p.recall['spaceAware+repair']} (greedy ${p.recall.greedy})  CER reading order ${p.cerReadingOrder} (row by row ${p.cerRowOrder})  ${p.ocrMs} ms`);

const file = join(root, 'bench/results/ocr.json');
const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(file, JSON.stringify({ ...existing, words: result }, null, 2) + '\n');
console.log('wrote "words" into bench/results/ocr.json');
