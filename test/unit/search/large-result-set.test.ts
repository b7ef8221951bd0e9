// A word that matches more files than any candidate list used to hold (1,000): 10,500 photos whose
// names all contain "holiday", in a real catalog (SQLite, FTS5 triggers), searched through the real
// SearchService. The total is exact, "newest first" orders every match (not a subset), paging
// reaches the end without gaps or repeats, and two identical calls return identical pages. The
// per-type counts add up to the total (what the result columns show); later pages reuse the
// query's ordered matches, and a change to the catalog makes the next call collect them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/main/engine/catalog/catalog';
import { SearchService } from '../../../src/main/engine/search/search-service';
import { openTemp } from '../catalog/helpers';

const N = 10_500;
const DOCS = 25;
let t: ReturnType<typeof openTemp>;
let service: SearchService;

/** Deterministic pseudo-random dates across 2020-2024, many sharing a day (ties must stay ordered). */
function takenAt(i: number): string {
  const day = (i * 7919) % 1826;
  const d = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000 + ((i * 104_729) % 3) * 3_600_000);
  return d.toISOString().slice(0, 19);
}

function generate(cat: Catalog): void {
  const folder = cat.folders.add('/photos');
  cat.transaction(() => {
    for (let i = 0; i < N; i++) {
      const path = `/photos/holiday ${2020 + (i % 5)}/holiday-${String(i).padStart(5, '0')}.jpg`;
      const { file } = cat.files.upsertScanned({ folderId: folder.id, path, size: 1000 + i, mtimeMs: 1_700_000_000_000, kind: 'image' });
      const { contentId } = cat.files.attachContent(file.id, { hash: `h${i}`, kind: 'image', bytes: 1000 + i });
      cat.imageMeta.set(contentId, { takenAt: takenAt(i) });
      cat.files.markIndexed(file.id);
    }
    for (let i = 0; i < DOCS; i++) {
      const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/photos/notes/holiday-plan-${i}.md`, size: 10, mtimeMs: 1_500_000_000_000 + i, kind: 'document' });
      cat.files.attachContent(file.id, { hash: `d${i}`, kind: 'document', bytes: 10 });
      cat.files.markIndexed(file.id);
    }
    for (let i = 0; i < 300; i++) {
      const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/photos/misc/IMG_${i}.jpg`, size: 10, mtimeMs: 1_700_000_000_000, kind: 'image' });
      cat.files.attachContent(file.id, { hash: `m${i}`, kind: 'image', bytes: 10 });
      cat.files.markIndexed(file.id);
    }
  });
}

beforeAll(() => {
  t = openTemp();
  generate(t.cat);
  service = new SearchService(t.cat, null);
}, 120_000);
afterAll(() => t.cleanup());

const ask = (page: number, pageSize: number, sort: 'relevance' | 'date', type: 'all' | 'image' = 'all') =>
  service.search({ query: 'holiday', filters: { type }, sort, page, pageSize, includeBelowCutoff: false });

describe(`${N} files matching one word`, () => {
  it('reports the exact total, split by type into counts that add up to it', async () => {
    const res = await ask(0, 50, 'relevance');
    expect(res.total).toBe(N + DOCS);
    expect(res.counts).toEqual({ image: N, document: DOCS });
    expect(res.results.length).toBe(50);
    expect(res.belowCutoff).toBe(0);
    expect(res.belowCounts).toEqual({ image: 0, document: 0 });
    const photos = await service.search({ query: 'holiday', filters: { type: 'image' }, sort: 'date', page: 0, pageSize: 10, includeBelowCutoff: false });
    expect(photos.total).toBe(N);
    expect(photos.counts).toEqual({ image: N, document: 0 });
  });

  it('reuses the ordered matches for later pages until the catalog changes', async () => {
    const first = await ask(0, 100, 'date');
    expect(first.timings?.cachedOrder).toBeUndefined();
    const next = await ask(1, 100, 'date');
    expect(next.timings?.cachedOrder).toBe(1);
    // A new match, newer than every other: the next call sees it (first place, total + 1).
    const folder = t.cat.folders.list()[0]!;
    const { file } = t.cat.files.upsertScanned({ folderId: folder.id, path: '/photos/holiday-newest.jpg', size: 1, mtimeMs: 1_700_000_000_000, kind: 'image' });
    const { contentId } = t.cat.files.attachContent(file.id, { hash: 'newest', kind: 'image', bytes: 1 });
    t.cat.imageMeta.set(contentId, { takenAt: '2030-01-01T00:00:00' });
    t.cat.files.markIndexed(file.id);
    const after = await ask(0, 100, 'date');
    expect(after.timings?.cachedOrder).toBeUndefined();
    expect(after.total).toBe(N + DOCS + 1);
    expect(after.results[0]!.id).toBe(file.id);
    t.cat.files.removeByIds([file.id]);
    expect((await ask(0, 100, 'date')).total).toBe(N + DOCS);
  });

  it('sorts every match newest first, pages to the end without gaps, and is stable between calls', async () => {
    const pageSize = 500;
    const seen: { id: number; date: string }[] = [];
    for (let page = 0; ; page++) {
      const res = await ask(page, pageSize, 'date', 'image');
      expect(res.total).toBe(N);
      seen.push(...res.results.map((r) => ({ id: r.id, date: r.takenAt! })));
      if (res.results.length < pageSize) break;
    }
    expect(seen.length).toBe(N);
    expect(new Set(seen.map((s) => s.id)).size).toBe(N);
    const newest = [...Array(N).keys()].map(takenAt).sort().reverse();
    expect(seen.map((s) => s.date)).toEqual(newest);
    // Same query again: identical pages (ties broken by id, not by map order).
    const again = await new SearchService(t.cat, null).search({ query: 'holiday', filters: { type: 'image' }, sort: 'date', page: 7, pageSize, includeBelowCutoff: false });
    expect(again.results.map((r) => r.id)).toEqual(seen.slice(7 * pageSize, 8 * pageSize).map((s) => s.id));
    const rel1 = await ask(3, 100, 'relevance');
    const rel2 = await ask(3, 100, 'relevance');
    expect(rel2.results.map((r) => r.id)).toEqual(rel1.results.map((r) => r.id));
  });

  it('answers a new query within 2 s (shared, loaded 2-core box), a later page within 50 ms', async () => {
    const fresh = new SearchService(t.cat, null); // nothing kept from the tests above
    const q = (page: number) => fresh.search({ query: 'holiday', filters: { type: 'all' }, sort: 'date', page, pageSize: 50, includeBelowCutoff: false });
    let t0 = performance.now();
    await q(20);
    expect(performance.now() - t0).toBeLessThan(2000);
    t0 = performance.now();
    await q(21);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});
