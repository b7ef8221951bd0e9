// PDF text layout from pdfjs text runs (synthetic runs pin the joining rules), PDF dates, and real
// PDFs of the corpus parsed in-thread: metadata, CJK via CMaps, password and broken files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocumentBuffer, type ExtractedDocument } from '../../../src/main/engine/extract/documents';
import { layoutText, pdfDate } from '../../../src/main/engine/extract/documents/parse-pdf';
import { GlimpseError } from '../../../src/shared/errors';
import { evalDir } from '../../helpers/paths';

const run = (str: string, x: number, y: number, opts: { size?: number; width?: number; eol?: boolean; angle?: number } = {}) => {
  const size = opts.size ?? 10;
  const a = ((opts.angle ?? 0) * Math.PI) / 180;
  return { str, hasEOL: opts.eol ?? false, transform: [size * Math.cos(a), size * Math.sin(a), -size * Math.sin(a), size * Math.cos(a), x, y], width: opts.width ?? str.length * size * 0.5, height: size };
};
const pdf = (name: string): Promise<ExtractedDocument> => parseDocumentBuffer(new Uint8Array(readFileSync(join(evalDir, 'documents', name))), 'pdf');

describe('layoutText', () => {
  it('joins runs with spaces from horizontal gaps and lines from EOL flags or baseline jumps', () => {
    const items = [
      run('Hello', 72, 700, { width: 25 }),
      run('world', 100, 700, { width: 25 }), // 3 pt gap -> space
      run('!', 125, 700, { width: 3, eol: true }), // touching -> no space
      run('Second', 72, 688), // next line via EOL
      run('line', 72, 676), // baseline jump without EOL -> newline
      run('After a gap', 72, 640), // gap of 3 lines -> paragraph
    ];
    expect(layoutText(items)).toBe('Hello world!\nSecond\nline\n\nAfter a gap');
  });

  it('ignores an end-of-line flag when the next run continues the same baseline (superscripts)', () => {
    const items = [
      run('Vladimir Karpukhin', 138.7, 726.4, { size: 12, width: 107 }),
      run('∗', 245.7, 730.7, { size: 8, width: 4 }),
      { ...run('', 245.2, 726.4, { size: 12, width: 0 }), hasEOL: true },
      run(', Barlas', 249.7, 726.4, { size: 12, width: 40, eol: true }),
      run('Ledell Wu', 161.3, 712.3, { size: 12, width: 50 }),
    ];
    expect(layoutText(items)).toBe('Vladimir Karpukhin∗, Barlas\nLedell Wu');
  });

  it('handles rotated text in its own direction', () => {
    const items = [run('Up', 100, 100, { angle: 90, width: 10 }), run('wards', 100, 113, { angle: 90, width: 25 }), run('text', 112, 100, { angle: 90 })];
    expect(layoutText(items)).toBe('Up wards\ntext');
  });

  it('joins words hyphenated across lines, collapses dot leaders, skips marked content', () => {
    const items = [
      run('an exam-', 72, 700, { eol: true }),
      run('ple here', 72, 688, { eol: true }),
      { type: 'beginMarkedContent' },
      run('Jean-', 72, 676, { eol: true }),
      run('Paul', 72, 664, { eol: true }),
      run('Intro . . . . . . . 5', 72, 652),
    ];
    expect(layoutText(items)).toBe('an example\nhere\nJean-\nPaul\nIntro … 5');
  });
});

describe('pdfDate', () => {
  it('parses PDF date strings with and without zones', () => {
    expect(pdfDate('D:20230120164927Z')).toBe('2023-01-20T16:49:27.000Z');
    expect(pdfDate("D:20230626202052-04'00'")).toBe('2023-06-27T00:20:52.000Z');
    expect(pdfDate('D:2021')).toBe('2021-01-01T00:00:00.000Z');
    expect(pdfDate('garbage')).toBeNull();
    expect(pdfDate(null)).toBeNull();
  });
});

describe('real PDFs', () => {
  it('extracts pages, title and metadata', async () => {
    const d = await pdf('debian-pdfs/refcard-en-a4.pdf');
    expect(d.format).toBe('pdf');
    expect(d.title).toBe('Debian Reference Card');
    expect(d.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(d.metadata.pages).toBe('2');
    expect(d.pages.map((p) => p.text).join('\n')).toContain('dpkg-query');
  });

  it('decodes CJK fonts through the bundled CMaps', async () => {
    const ko = await pdf('unstructured-example-docs/pdf/korean-text-with-tables.pdf');
    expect(ko.pages[0]?.text).toContain('적립 제외 대상');
    const zh = await pdf('debian-pdfs/example-chinese.pdf');
    expect(zh.pages[0]?.text).toContain('摘要');
  });

  it('flags a PDF with no text layer, refuses a password, and calls garbage corrupt', async () => {
    const scanned = await pdf('unstructured-example-docs/pdf/table-multi-row-column-cells.pdf');
    expect(scanned.metadata.textLayer).toBe('none');
    await expect(pdf('unstructured-example-docs/pdf/password.pdf')).rejects.toMatchObject({ kind: 'password-protected' });
    const broken = parseDocumentBuffer(new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF')), 'pdf');
    await expect(broken).rejects.toBeInstanceOf(GlimpseError);
    await expect(broken).rejects.toMatchObject({ kind: 'corrupt' });
  });
});
