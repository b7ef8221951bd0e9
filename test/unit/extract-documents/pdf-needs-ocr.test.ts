// Which PDF pages the OCR pass reads: pages without a text layer, or with too little text for their
// area (a scan with a stamped page number), and not pages of ordinary text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsOcr, parsePdf } from '../../../src/main/engine/extract/documents/parse-pdf';
import { blankScan, imageOnlyPdf } from '../../helpers/image-pdf';
import { evalDir } from '../../helpers/paths';

const LETTER = 612 * 792;

describe('needsOcr', () => {
  it('flags empty and nearly empty pages, not pages of text', () => {
    expect(needsOcr('', LETTER)).toBe(true);
    expect(needsOcr('  \n\n ', LETTER)).toBe(true);
    expect(needsOcr('Page 3 of 12', LETTER)).toBe(true);
    expect(needsOcr('word '.repeat(40), LETTER)).toBe(false);
    // A small slide with a title holds little text but enough for its area.
    expect(needsOcr('Results on the held-out test set', 364 * 273)).toBe(false);
  });

  it('marks the pages of an image-only PDF, and none of a text PDF', async () => {
    const scanned = await parsePdf(imageOnlyPdf([await blankScan(400, 500), await blankScan(400, 500)]));
    expect(scanned.pages.map((p) => [p.page, p.needsOcr])).toEqual([
      [1, true],
      [2, true],
    ]);
    const text = await parsePdf(readFileSync(join(evalDir, 'documents/unstructured-example-docs/pdf/pdf-with-ocr-text.pdf')));
    expect(text.pages.some((p) => p.needsOcr)).toBe(false);
  });
});
