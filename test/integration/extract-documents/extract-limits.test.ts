// extractDocument's guard rails with the real worker pool: size limit, time limit (worker killed
// and replaced), missing/odd paths, empty files, parallel calls, and shutdown.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDocumentExtraction,
  configureDocumentExtraction,
  DOCUMENT_EXTENSIONS,
  extractDocument,
  isDocumentPath,
} from '../../../src/main/engine/extract/documents';
import { GlimpseError } from '../../../src/shared/errors';
import { evalDir, tempDir } from '../../helpers/paths';

const bigPdf = join(evalDir, 'documents', 'debian-pdfs', 'R-intro.pdf');
const smallMd = join(evalDir, 'recipes-based-cooking', 'docs', 'apple-pie.md');
const tmp = tempDir('glimpse-extract-');

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(GlimpseError);
    expect((err as GlimpseError).message).not.toBe('');
    return (err as GlimpseError).kind;
  }
}

beforeAll(() => {
  configureDocumentExtraction({ size: 2, idleMs: 5_000 });
});

afterAll(async () => {
  await closeDocumentExtraction();
  tmp.cleanup();
});

describe('extractDocument limits', () => {
  it('knows its extensions', () => {
    expect(DOCUMENT_EXTENSIONS).toEqual(expect.arrayContaining(['.pdf', '.docx', '.pptx', '.md', '.txt', '.html', '.epub', '.odt', '.rtf']));
    expect(isDocumentPath('/x/Report.PDF')).toBe(true);
    expect(isDocumentPath('/x/photo.jpg')).toBe(false);
    expect(isDocumentPath('/x/README')).toBe(false);
  });

  it('refuses files over maxBytes before parsing', async () => {
    const t0 = performance.now();
    expect(await kindOf(extractDocument(bigPdf, { maxBytes: 100_000 }))).toBe('too-large');
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('stops a parse over timeoutMs, then serves the next call with a fresh worker', async () => {
    const t0 = performance.now();
    expect(await kindOf(extractDocument(bigPdf, { timeoutMs: 150 }))).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(5_000);
    const doc = await extractDocument(smallMd);
    expect(doc.title).toBe('Apple Pie');
  });

  it('maps missing, odd and unsupported paths to clear kinds', async () => {
    expect(await kindOf(extractDocument(join(tmp.path, 'missing.pdf')))).toBe('not-found');
    const dir = join(tmp.path, 'folder.pdf');
    mkdirSync(dir);
    expect(await kindOf(extractDocument(dir))).toBe('bad-request');
    const img = join(tmp.path, 'photo.jpg');
    writeFileSync(img, 'not really');
    expect(await kindOf(extractDocument(img))).toBe('unsupported');
    expect(await kindOf(extractDocument(join(tmp.path, 'noext')))).toBe('unsupported');
    // A file whose extension lies.
    const fakePdf = join(tmp.path, 'fake.pdf');
    copyFileSync(smallMd, fakePdf);
    expect(await kindOf(extractDocument(fakePdf))).toBe('corrupt');
  });

  it('treats empty text files as empty documents and empty binary formats as corrupt', async () => {
    const emptyTxt = join(tmp.path, 'empty.txt');
    const emptyPdf = join(tmp.path, 'empty.pdf');
    writeFileSync(emptyTxt, '');
    writeFileSync(emptyPdf, '');
    expect(await extractDocument(emptyTxt)).toEqual({ format: 'text', title: null, pages: [{ page: null, text: '' }], metadata: {} });
    expect(await kindOf(extractDocument(emptyPdf))).toBe('corrupt');
  });

  it('answers parallel calls with their own documents', async () => {
    const names = ['apple-pie.md', 'aglio-e-olio.md', 'aljotta.md', 'apple-strudel.md', 'arroz-chaufa.md'];
    const paths = names.map((n) => join(evalDir, 'recipes-based-cooking', 'docs', n));
    const docs = await Promise.all([...paths, bigPdf].map((p) => extractDocument(p)));
    expect(docs.map((d) => d.format)).toEqual(['markdown', 'markdown', 'markdown', 'markdown', 'markdown', 'pdf']);
    expect(docs[0]?.title).toBe('Apple Pie');
    expect(new Set(docs.map((d) => d.title)).size).toBe(docs.length);
  });

  it('cancels queued and running work on shutdown, and starts again afterwards', async () => {
    const running = kindOf(extractDocument(bigPdf));
    await closeDocumentExtraction();
    expect(await running).toBe('cancelled');
    expect((await extractDocument(smallMd)).title).toBe('Apple Pie');
  });
});
