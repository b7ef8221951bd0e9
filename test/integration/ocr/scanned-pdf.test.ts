// Scanned documents and text in images, end to end on a real engine (tiny pack, real OCR models,
// real SQLite/HNSW): an image-only PDF made here (a page of the R manual rendered to a JPEG and
// wrapped into a PDF with a blank second page) is found by a phrase from its page, with its page
// number; OCR passages (scanned pages and photos) carry the pack's embedding of their text; a blank
// page is recorded as "no text" and a page that cannot be read is reported in status.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEmbedder } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { openTestEngine } from '../../helpers/engine';
import { blankScan, imageOnlyPdf, scanOfPage } from '../../helpers/image-pdf';
import { evalDir, tempDir, tinyPackDir } from '../../helpers/paths';
import { internals } from '../../helpers/engine-internals';

const R_INTRO = join(evalDir, 'documents/debian-pdfs/R-intro.pdf');
const lib = tempDir('glimpse-scan-lib-');
let t: Awaited<ReturnType<typeof openTestEngine>>;
let embedder: ClipEmbedder;

beforeAll(async () => {
  const scan = await scanOfPage(R_INTRO, 12, 150);
  writeFileSync(join(lib.path, 'scanned.pdf'), imageOnlyPdf([scan, await blankScan()]));
  // The same page as a photo (a JPEG in the library): more text than one CLIP context.
  writeFileSync(join(lib.path, 'page-photo.jpg'), (await scanOfPage(R_INTRO, 15, 110)).jpeg);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="260"><rect width="100%" height="100%" fill="#fffdf5"/>
    <text x="40" y="150" font-family="DejaVu Sans, Arial, sans-serif" font-size="56" fill="#202020">Fresh strawberry lemonade</text></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toFile(join(lib.path, 'menu-board.jpg'));
  t = await openTestEngine();
  internals(t.engine).library.add(lib.path);
  await t.engine.indexNow();
  embedder = await ClipEmbedder.open(loadPack(tinyPackDir), { providers: ['cpu'] });
}, 300_000);

afterAll(async () => {
  await embedder?.close();
  await t?.cleanup();
  lib.cleanup();
});

function contentOf(name: string): number {
  return internals(t.engine).catalog.files.getByPath(join(lib.path, name))!.contentId!;
}

describe('image-only PDF', () => {
  it('is marked for OCR page by page, read, and the blank page recorded as having no text', () => {
    const states = internals(t.engine).catalog.ocrPages.stateOf(contentOf('scanned.pdf'));
    expect(states.map((s) => [s.page, s.state])).toEqual([
      [1, 'read'],
      [2, 'no-text'],
    ]);
    expect(states[0]!.lines).toBeGreaterThan(20);
  });

  it('is found by a phrase from its page, with the page number', async () => {
    const res = await t.engine.search({ query: '"Emacs Speaks Statistics"' });
    expect(res.results[0]?.name).toBe('scanned.pdf');
    expect(res.results[0]!.page).toBe(1);
    expect(res.results[0]!.snippet?.toLowerCase()).toContain('emacs');
    const words = await t.engine.search({ query: 'diverting output to a file', filters: { type: 'document' } });
    expect(words.results[0]?.name).toBe('scanned.pdf');
    expect(words.results[0]!.page).toBe(1);
  });

  it('has passages whose vectors are the pack embedding of their OCR text', async () => {
    const chunks = internals(t.engine).catalog.chunks.forContent(contentOf('scanned.pdf'), 'ocr');
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.page === 1)).toBe(true);
    const expected = await embedder.embedTexts(chunks.map((c) => c.text));
    chunks.forEach((c, i) => {
      const stored = internals(t.engine).catalog.vectors.getChunk('tiny-clip-immich', c.id)!;
      expect(stored).toBeDefined();
      expect(Array.from(stored)).toEqual(Array.from(expected[i]!));
    });
  });

  it('is reached by "find related text" through its page passages', async () => {
    const photo = internals(t.engine).catalog.files.getByPath(join(lib.path, 'menu-board.jpg'))!;
    const related = await t.engine.related({ image: { fileId: photo.id }, k: 5 });
    // The only document of the library: its best passage is one read from the scanned page.
    expect(related.results).toHaveLength(1);
    expect(related.results[0]).toMatchObject({ name: 'scanned.pdf', page: 1 });
    const ocrTexts = internals(t.engine).catalog.chunks.forContent(contentOf('scanned.pdf'), 'ocr').map((c) => c.text);
    expect(ocrTexts).toContain(related.results[0]!.passage);
  });

  it('shows the OCR pass in status progress', async () => {
    const status = await t.engine.status();
    const ocr = status.progress.ocr!;
    expect(ocr).toMatchObject({ pendingImages: 0, pendingPages: 0, pendingDocuments: 0, readPages: 1, noTextPages: 1, failedPages: 0, pendingPassageVectors: 0, running: false });
    expect(ocr.donePages).toBe(2);
    expect(ocr.current).toBeNull();
  });

  it('finds the scanned pages of a PDF an older catalog indexed as empty', async () => {
    const id = contentOf('scanned.pdf');
    // What a catalog from before scanned pages were read holds: an empty document, no pages, no OCR passages.
    internals(t.engine).catalog.db.prepare("DELETE FROM chunks WHERE content_id = ? AND source = 'ocr'").run(id);
    internals(t.engine).catalog.db.prepare('DELETE FROM ocr_pages WHERE content_id = ?').run(id);
    expect(internals(t.engine).catalog.contents.isTextEmpty(id)).toBe(true);
    expect((await t.engine.search({ query: '"Emacs Speaks Statistics"' })).results).toHaveLength(0);
    await t.engine.indexNow();
    expect(internals(t.engine).catalog.ocrPages.stateOf(id).map((s) => s.state)).toEqual(['read', 'no-text']);
    expect((await t.engine.search({ query: '"Emacs Speaks Statistics"' })).results[0]?.page).toBe(1);
  });

  it('reports a page that cannot be read, never leaves it silently empty', async () => {
    // Page 9 of a 2-page PDF: the renderer refuses it, as it would a page it cannot draw.
    internals(t.engine).catalog.ocrPages.enqueue(contentOf('scanned.pdf'), [9]);
    await t.engine.indexNow();
    const status = await t.engine.status();
    expect(status.progress.ocr!.failedPages).toBe(1);
    expect(internals(t.engine).catalog.ocrPages.stateOf(contentOf('scanned.pdf')).at(-1)).toMatchObject({ page: 9, state: 'failed' });
    const problem = status.lastErrors.find((e) => e.message.startsWith('OCR: page 9'));
    expect(problem?.path).toBe(join(lib.path, 'scanned.pdf'));
    expect(problem?.kind).toBe('bad-request');
  });
});

describe('text in a photo', () => {
  it('is cut into passages the text tower takes whole, each embedded, when it is long', async () => {
    const chunks = internals(t.engine).catalog.chunks.forContent(contentOf('page-photo.jpg'), 'ocr');
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.page === null)).toBe(true);
    const expected = await embedder.embedTexts(chunks.map((c) => c.text));
    chunks.forEach((c, i) => expect(Array.from(internals(t.engine).catalog.vectors.getChunk('tiny-clip-immich', c.id)!)).toEqual(Array.from(expected[i]!)));
    // Lines with boxes stay one per detected line, for highlighting.
    expect(internals(t.engine).catalog.ocr.forContent(contentOf('page-photo.jpg')).length).toBeGreaterThan(20);
  });

  it('is one passage embedded with the pack text tower, reachable through the passage vectors', async () => {
    const [chunk] = internals(t.engine).catalog.chunks.forContent(contentOf('menu-board.jpg'), 'ocr');
    expect(chunk?.text.toLowerCase()).toContain('lemonade');
    const [expected] = await embedder.embedTexts([chunk!.text]);
    const stored = internals(t.engine).catalog.vectors.getChunk('tiny-clip-immich', chunk!.id)!;
    expect(Array.from(stored)).toEqual(Array.from(expected!));
    // A query of the photo's words is nearest to the photo's passage among every passage vector
    // (scanned pages included): text search and "find related text" read these vectors.
    const [q] = await embedder.embedTexts(['Fresh strawberry lemonade']);
    let best = { id: -1, score: -Infinity };
    for (const { id, vector } of internals(t.engine).catalog.vectors.source('chunks', 'tiny-clip-immich').iterate()) {
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += vector[i]! * q![i]!;
      if (dot > best.score) best = { id, score: dot };
    }
    expect(best.id).toBe(chunk!.id);
    // Text search reads them too: the photo is a vector match through its passage (cosine 1 for
    // its own text; the photo's image vector scores far lower under the random-weight pack).
    const res = await t.engine.search({ query: chunk!.text });
    const hit = res.results.find((r) => r.name === 'menu-board.jpg');
    expect(hit?.matchedBy).toContain('vector');
    expect(hit!.score).toBeGreaterThan(0.99);
  });
});
