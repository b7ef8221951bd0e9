// OCR accuracy on the page-image -> PDF pairs of the evaluation set. The reference is the PDF page's
// text layer; a PDF without one (a scanned page) falls back to a hand transcription kept in
// references/<image name>.txt. Shared by bench/ocr/run.ts and the OCR integration test.
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OcrEngine } from '../../src/main/engine/extract/ocr/index';
import { linesToText } from '../../src/main/engine/extract/ocr/index';
import { characterErrorRate, orderFreeCer } from './cer';
import { pdfPageText, readPagePairs, type PagePair } from './reference-text';

const REFERENCES = join(fileURLToPath(new URL('.', import.meta.url)), 'references');

export interface PageReference {
  text: string;
  source: 'pdf-text' | 'transcription';
}

export async function pageReference(pair: PagePair): Promise<PageReference | null> {
  const text = await pdfPageText(pair.pdf);
  if (text.trim()) return { text, source: 'pdf-text' };
  const manual = join(REFERENCES, `${basename(pair.image, extname(pair.image))}.txt`);
  if (existsSync(manual)) return { text: readFileSync(manual, 'utf8'), source: 'transcription' };
  return null;
}

export interface PageScore {
  image: string;
  pdf: string;
  width: number;
  height: number;
  lines: number;
  ms: number;
  detectMs: number;
  recognizeMs: number;
  referenceSource: PageReference['source'];
  referenceChars: number;
  /** CER of the text in our reading order. */
  cer: number;
  /** CER after moving each line to where it matches in the reference (reading order forgiven). */
  cerOrderFree: number;
  text: string;
}

export interface PageFailure {
  image: string;
  pdf: string;
  error: string;
}

export async function evaluatePage(engine: OcrEngine, pair: PagePair): Promise<PageScore | PageFailure> {
  const ref = await pageReference(pair);
  if (!ref) return { image: pair.image, pdf: pair.pdf, error: 'no reference text (the PDF has no text layer and there is no transcription)' };
  const t0 = performance.now();
  let result;
  try {
    result = await engine.ocr(pair.image);
  } catch (err) {
    const e = err as { kind?: string; message?: string };
    return { image: pair.image, pdf: pair.pdf, error: `${e.kind ?? 'error'}: ${e.message ?? String(err)}` };
  }
  const ms = performance.now() - t0;
  const text = linesToText(result.lines);
  const strict = characterErrorRate(text, ref.text);
  const free = orderFreeCer(
    result.lines.map((l) => l.text),
    ref.text,
  );
  return {
    image: pair.image,
    pdf: pair.pdf,
    width: result.width,
    height: result.height,
    lines: result.lines.length,
    ms,
    detectMs: result.detectMs,
    recognizeMs: result.recognizeMs,
    referenceSource: ref.source,
    referenceChars: strict.referenceLength,
    cer: strict.cer,
    cerOrderFree: free.cer,
    text,
  };
}

export { readPagePairs };
export type { PagePair };
