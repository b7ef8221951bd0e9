import { afterEach, describe, expect, it } from 'vitest';
import { addFile, openTemp } from './helpers';

const HOSTILE = [
  'IMG_2041', 'invoice 2023', 'c++', '"dog', 'dog"', '""', '"', 'AND', 'OR', 'NOT', 'a AND', 'NEAR(a b)', 'name:x', '*', 'a*',
  '^start', '-minus', '(', ')', 'col:"x"', "O'Brien", '100%', '_', 'a_b', '\\', '{name}: x', 'x OR', '"a" OR "', '.', 'über',
  '日本語', '🙂', 'SELECT * FROM kw', "'; DROP TABLE files; --", 'a'.repeat(3000), '"' + 'x '.repeat(100) + '"',
];

describe('keyword index (FTS5)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function setup() {
    const t = openTemp();
    cleanups.push(t.cleanup);
    const cat = t.cat;
    const img2041 = addFile(cat, '/photos', '/photos/2023/IMG_2041.jpg');
    const img2042 = addFile(cat, '/photos', '/photos/2023/IMG_2042.jpg');
    const dsc = addFile(cat, '/photos', '/photos/DSC01234.JPG');
    const notes = addFile(cat, '/docs', '/docs/notes-2041-budget.txt', { kind: 'document' });
    const invoice = addFile(cat, '/docs', '/docs/Rechnung.pdf', { kind: 'document', hash: 'invoice-pdf' });
    cat.chunks.replace(invoice.contentId, 'text', [
      { seq: 0, page: 1, charStart: 0, charEnd: 60, text: 'Acme GmbH, Hauptstraße 1. Customer number 88812.' },
      { seq: 1, page: 2, charStart: 60, charEnd: 200, text: 'Invoice 2023-117: total amount due within 30 days. Thank you for choosing Acme for your café supplies.' },
    ]);
    return { cat, img2041, img2042, dsc, notes, invoice };
  }

  it('never throws on hostile input', () => {
    const { cat } = setup();
    for (const q of HOSTILE) {
      expect(() => cat.keywords.search(q), q).not.toThrow();
      expect(() => cat.keywords.search(q, { mode: 'or', prefix: 'all' }), q).not.toThrow();
    }
  });

  it('finds IMG_2041.jpg first by "IMG_2041" and by "2041"', () => {
    const { cat, img2041 } = setup();
    const exact = cat.keywords.search('IMG_2041');
    expect(exact[0]!.fileId).toBe(img2041.fileId);
    expect(exact[0]!.snippet).toBe('«IMG_2041».jpg');
    const token = cat.keywords.search('2041');
    expect(token[0]!.fileId).toBe(img2041.fileId);
    expect(token[0]!.snippet).toBe('IMG_«2041».jpg');
    expect(cat.keywords.search('img_2041.jpg')[0]!.fileId).toBe(img2041.fileId);
  });

  it('does not match IMG_2042 for IMG_2041', () => {
    const { cat, img2041, img2042 } = setup();
    const ids = cat.keywords.search('IMG_2041', { prefix: 'none' }).map((h) => h.fileId);
    expect(ids).toContain(img2041.fileId);
    expect(ids).not.toContain(img2042.fileId);
  });

  it('finds a name substring through the trigram index, ranked after token hits', () => {
    const { cat, dsc } = setup();
    const hits = cat.keywords.search('01234');
    expect(hits[0]).toMatchObject({ fileId: dsc.fileId, source: 'name-substring', snippet: 'DSC«01234».JPG' });
  });

  it('returns a passage snippet with page and chunk for document text', () => {
    const { cat, invoice } = setup();
    const [hit] = cat.keywords.search('total amount');
    expect(hit).toMatchObject({ fileId: invoice.fileId, contentId: invoice.contentId, source: 'text', page: 2 });
    expect(hit!.chunkId).toBeGreaterThan(0);
    expect(hit!.snippet).toContain('«total» «amount»');
    expect(hit!.bm25).toBeLessThan(0);
    expect(hit!.score).toBe(-hit!.bm25!);
  });

  it('matches without diacritics and quoted phrases exactly', () => {
    const { cat, invoice } = setup();
    expect(cat.keywords.search('cafe')[0]?.fileId).toBe(invoice.fileId);
    expect(cat.keywords.search('hauptstrasse')).toEqual([]); // ß is a letter of its own, not a diacritic
    expect(cat.keywords.search('"amount due"')[0]?.fileId).toBe(invoice.fileId);
    expect(cat.keywords.search('"due amount"', { nameSubstrings: false })).toEqual([]);
  });

  it('searches EXIF camera text and OCR text, and forgets them when replaced', () => {
    const { cat, img2042 } = setup();
    cat.imageMeta.set(img2042.contentId, { camera: 'FUJIFILM X-T4', keywords: 'Sunset beach' });
    expect(cat.keywords.search('fujifilm')[0]?.fileId).toBe(img2042.fileId);
    expect(cat.keywords.search('sunset')[0]).toMatchObject({ fileId: img2042.fileId, source: 'file' });
    cat.ocr.replace(img2042.contentId, [{ text: 'PARKING ONLY', score: 0.9, box: [] }]);
    expect(cat.keywords.search('parking')[0]).toMatchObject({ fileId: img2042.fileId, source: 'ocr' });
    cat.ocr.replace(img2042.contentId, []);
    cat.imageMeta.set(img2042.contentId, {});
    expect(cat.keywords.search('parking')).toEqual([]);
    expect(cat.keywords.search('fujifilm')).toEqual([]);
  });

  it('a passage of duplicated content yields every file with that content', () => {
    const { cat, invoice } = setup();
    const copy = addFile(cat, '/docs', '/docs/backup/Rechnung (1).pdf', { kind: 'document', hash: 'invoice-pdf' });
    const ids = cat.keywords.search('customer number').map((h) => h.fileId);
    expect(ids.sort()).toEqual([invoice.fileId, copy.fileId].sort());
  });

  it('name hits outrank passage hits; AND by default, OR on request', () => {
    const { cat, notes, invoice } = setup();
    cat.chunks.replace(notes.contentId, 'text', [{ seq: 0, charStart: 0, charEnd: 10, text: 'budget for the invoice' }]);
    expect(cat.keywords.search('budget')[0]!.fileId).toBe(notes.fileId);
    expect(cat.keywords.search('invoice budget').map((h) => h.fileId)).toEqual([notes.fileId]);
    const or = cat.keywords.search('acme budget', { mode: 'or' }).map((h) => h.fileId);
    expect(or).toEqual(expect.arrayContaining([notes.fileId, invoice.fileId]));
  });

  it('rebuild() restores the index from the tables', () => {
    const { cat, img2041 } = setup();
    cat.db.exec('DELETE FROM kw; DELETE FROM kw_names;');
    expect(cat.keywords.search('2041')).toEqual([]);
    cat.keywords.rebuild();
    cat.keywords.optimize();
    expect(cat.keywords.search('2041')[0]!.fileId).toBe(img2041.fileId);
    expect(cat.keywords.search('01234')).toHaveLength(1);
  });
});
