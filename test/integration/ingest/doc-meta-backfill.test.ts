// Titles for a library indexed before document metadata was kept: documents without a doc_meta
// row (what migration 5 leaves in an older library) are read again in the background, and their
// results get the title and author their files declare, without a re-index. Real files from the
// shared eval data (Markdown front matter, an HTML <title>), a real catalog, real
// extraction. Resumes where it stopped, skips files changed since indexing, runs once.
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DocMetaBackfill, DOC_META_BACKFILL_KEY } from '../../../src/main/engine/ingest/doc-meta-backfill';
import { closeDocumentExtraction, extractDocument } from '../../../src/main/engine/extract/documents';
import { SearchService } from '../../../src/main/engine/search/search-service';
import { evalDir } from '../../helpers/paths';
import { addFile, openTemp, tempDir } from '../../unit/catalog/helpers';
import { openTestEngine, waitFor } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

let cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

function library() {
  const t = openTemp();
  const dir = tempDir();
  cleanups.push(t.cleanup, dir.cleanup, () => closeDocumentExtraction());
  const files: Record<string, { fileId: number; contentId: number; path: string }> = {};
  const sources = {
    'oatmeal-pancakes.md': join(evalDir, 'recipes-based-cooking', 'docs', 'oatmeal-pancakes.md'),
    'apple-pie.md': join(evalDir, 'recipes-based-cooking', 'docs', 'apple-pie.md'),
    'ideas.html': join(evalDir, 'documents', 'unstructured-example-docs', 'ideas-page.html'),
  };
  for (const [name, src] of Object.entries(sources)) {
    const path = join(dir.dir, name);
    copyFileSync(src, path);
    const st = statSync(path);
    files[name] = { ...addFile(t.cat, dir.dir, path, { kind: 'document', size: st.size, mtimeMs: Math.round(st.mtimeMs) }), path };
  }
  const plain = join(dir.dir, 'notes.txt');
  writeFileSync(plain, 'no title here, just words\n');
  files['notes.txt'] = { ...addFile(t.cat, dir.dir, plain, { kind: 'document', size: statSync(plain).size, mtimeMs: Math.round(statSync(plain).mtimeMs) }), path: plain };
  return { cat: t.cat, files, dir: dir.dir };
}

describe('document titles for an older library', () => {
  it('reads the titles and authors the files declare, and search shows and finds them', async () => {
    const { cat, files } = library();
    const search = new SearchService(cat, null);
    expect((await search.search({ query: 'wpnwbn', filters: { type: 'all' }, sort: 'relevance', page: 0, pageSize: 10, includeBelowCutoff: false })).total).toBe(0);
    const seen: number[] = [];
    const backfill = new DocMetaBackfill(cat, { onProgress: (p) => seen.push(p.left) });
    expect(backfill.progress()).toMatchObject({ read: 0, left: 4, done: false });
    const done = await backfill.start();
    expect(done).toEqual({ read: 4, titled: 3, left: 0, done: true });
    expect(seen.at(-1)).toBe(0);
    const [pancakes] = cat.lookup.resolveFiles([files['oatmeal-pancakes.md']!.fileId]);
    expect(pancakes!.title).toBe('Oatmeal Pancakes');
    expect(cat.lookup.resolveFiles([files['ideas.html']!.fileId])[0]!.title).toBe('How to Get New Ideas');
    expect(cat.docMeta.get(files['notes.txt']!.contentId)).toBeUndefined();
    // The author (front matter) is searchable and the hit carries the title.
    const res = await search.search({ query: 'wpnwbn', filters: { type: 'all' }, sort: 'relevance', page: 0, pageSize: 10, includeBelowCutoff: false });
    expect(res.results.map((r) => r.title)).toEqual(['Oatmeal Pancakes']);
  });

  it('resumes where it stopped, skips changed files, and runs once', async () => {
    const { cat, files } = library();
    writeFileSync(files['apple-pie.md']!.path, '---\ntitle: "Changed"\n---\nedited since indexing\n'); // size differs from the row
    let reads = 0;
    const first = new DocMetaBackfill(cat, {
      extract: async (path) => {
        reads++;
        void first.stop(); // stops after this document
        return extractDocument(path);
      },
    });
    const partial = await first.start();
    expect(partial).toMatchObject({ read: 1, done: false });
    expect(reads).toBe(1);
    const second = new DocMetaBackfill(cat, { extract: async (path) => (reads++, extractDocument(path)) });
    expect((await second.start()).done).toBe(true);
    expect(reads).toBe(3); // the other two readable documents; the changed one was not read
    expect(cat.docMeta.get(files['apple-pie.md']!.contentId)).toBeUndefined();
    expect(cat.settings.get<{ done: boolean }>(DOC_META_BACKFILL_KEY)!.done).toBe(true);
    const third = new DocMetaBackfill(cat, { extract: async () => (reads++, { title: 'x' }) });
    await third.start();
    expect(reads).toBe(3);
  });

  it('runs when the library is opened to index, without a re-index', async () => {
    const lib = tempDir();
    cleanups.push(lib.cleanup);
    copyFileSync(join(evalDir, 'recipes-based-cooking', 'docs', 'oatmeal-pancakes.md'), join(lib.dir, 'oatmeal-pancakes.md'));
    const first = await openTestEngine({ withModel: false });
    internals(first.engine).library.add(lib.dir);
    await first.engine.indexNow();
    // What a library indexed before titles were kept looks like: no doc_meta, no backfill state.
    const cat = internals(first.engine).catalog;
    cat.db.exec('DELETE FROM doc_meta');
    cat.settings.delete(DOC_META_BACKFILL_KEY);
    const jobsBefore = cat.db.prepare('SELECT count(*) FROM jobs').pluck().get();
    await first.engine.close();
    const second = await openTestEngine({ withModel: false, dataDir: first.dataDir, indexing: true });
    cleanups.push(second.cleanup);
    const cat2 = internals(second.engine).catalog;
    const early = (await second.engine.status()).titles; // still reading, or already done
    if (early) expect(early).toMatchObject({ left: 1, read: 0 });
    await waitFor(() => cat2.settings.get<{ done: boolean }>(DOC_META_BACKFILL_KEY)?.done, 30_000);
    expect((await second.engine.status()).titles).toBeUndefined();
    const res = await second.engine.search({ query: 'oatmeal', filters: { type: 'document' } });
    expect(res.results[0]).toMatchObject({ name: 'oatmeal-pancakes.md', title: 'Oatmeal Pancakes' });
    expect(cat2.db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(jobsBefore); // nothing queued again
  });
});
