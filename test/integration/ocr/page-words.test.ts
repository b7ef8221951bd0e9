// Word recall and column reading order on a real two-column page (arXiv paper, page 1), rendered
// with the engine's own PDF renderer at ~150 dpi and read by the default OCR engine: space-aware
// decoding, word repair and column-aware reading order together. The reference is the PDF's text
// layer (pdfjs, content-stream order: column after column). bench/ocr/words.ts measures more pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createOcrEngine, linesToText, type OcrEngine, type OcrResult } from '../../../src/main/engine/extract/ocr/index';
import { renderPdfPage } from '../../../src/main/engine/extract/ocr/pdf-page-image';
import { pdfPageText } from '../../../bench/ocr/reference-text';
import { readingOrderCer, wordScores } from '../../../bench/ocr/rendered-pages';
import { evalDir } from '../../helpers/paths';

const PDF = join(evalDir, 'documents/unstructured-example-docs/pdf/multi-column-2p.pdf');
let engine: OcrEngine;
let result: OcrResult;
let reference: string;

beforeAll(async () => {
  engine = await createOcrEngine();
  result = await engine.ocr(await renderPdfPage(PDF, 1, 1754));
  reference = await pdfPageText(PDF, 1);
}, 120_000);
afterAll(async () => {
  await engine?.close();
});

describe('OCR of a two-column page', () => {
  it('finds the words (recall >= 0.95)', () => {
    const s = wordScores(linesToText(result.lines), reference);
    expect(s.referenceWords).toBeGreaterThan(500);
    expect(s.recall).toBeGreaterThanOrEqual(0.95); // bench: 0.969 (pdftoppm render, pdftotext reference)
  });

  it('reads down each column (CER in reading order <= 0.05, was ~0.7 row by row)', () => {
    expect(readingOrderCer(linesToText(result.lines), reference)).toBeLessThanOrEqual(0.05);
  });
});
