// The in-memory filter index (catalog/filter-index.ts) gives the same allowed content ids as the
// SQL filter (lookup.ts buildFilters) for random filters over a real SQLite catalog: kinds, folders
// (with look-alike prefixes), EXIF dates and mtimes (odd date texts, no date, far mtimes), GPS,
// cameras (LIKE's case and wildcards), duplicates; it follows this connection's writes (its change
// log) and agrees after each round of changes without a rebuild; a commit by another connection
// or a read-only connection means SQL until rebuilt; the background build makes Lookup answer from it.
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFilters, Catalog, ContentIdSet, type ResultFilters } from '../../../src/main/engine/catalog';
import { openTemp } from './helpers';

const ROOT = join(sep, 'lib');
const FOLDERS = [join(ROOT, 'a'), join(ROOT, 'ab'), join(ROOT, 'a', 'b'), join(ROOT, 'a', 'b', 'c'), join(ROOT, 'x y'), join(ROOT, 'é')];
const CAMERAS = [null, 'Canon EOS R5', 'canon eos 5d', 'NIKON D750', 'Sony_A7', '100% Cam', 'Éclair'];
const TAKEN = [null, '2018-03-04T10:00:00', '2019-01-01T00:00:00', '2019-12-31T23:59:59', '2020-06-15', '2019:05:01 12:00:00', '', '0000-00-00T00:00:00', '2019-01-0', '2021-02-30T00:00:00'];
const MTIMES = [0, 1_546_300_799_999, 1_546_300_800_000, 1_577_836_799_000, 1_600_000_000_000, -86_400_000, 253_402_300_800_000, 1_700_000_000_123.5];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

let n = 0;
function addRandomFile(cat: Catalog, r: () => number): void {
  const folder = cat.folders.add(ROOT);
  const kind = r() < 0.75 ? 'image' : 'document';
  const path = join(pick(r, FOLDERS), `f${n++}.${kind === 'image' ? 'jpg' : 'pdf'}`);
  const { file } = cat.files.upsertScanned({ folderId: folder.id, path, size: 10, mtimeMs: pick(r, MTIMES), kind });
  if (r() < 0.1) return; // not hashed yet: no content
  // A few shared contents (duplicates in two folders).
  const hash = r() < 0.15 ? `dup${Math.floor(r() * 5)}` : `h${path}`;
  const { contentId } = cat.files.attachContent(file.id, { hash, kind, bytes: 10 });
  if (kind === 'image' && r() < 0.9) {
    const gps = r() < 0.4;
    cat.imageMeta.set(contentId, { takenAt: pick(r, TAKEN), camera: pick(r, CAMERAS), lat: gps || r() < 0.1 ? 1 : null, lon: gps ? 2 : null });
  }
  if (r() < 0.8) cat.files.markIndexed(file.id);
}

function randomFilters(r: () => number): ResultFilters {
  const f: ResultFilters = {};
  if (r() < 0.7) f.type = pick(r, ['image', 'document', 'all'] as const);
  if (r() < 0.3) f.folder = pick(r, [...FOLDERS, join(ROOT, 'a') + sep, ROOT, join(ROOT, 'a', 'b', 'c', 'f3.jpg'), join(ROOT, 'nothing')]);
  if (r() < 0.4) f.after = pick(r, ['1969-12-31', '1970-01-01', '2018-03-04', '2019-01-01', '2019-05-01', '2020-01-01', '9999-12-31']);
  if (r() < 0.3) f.before = pick(r, ['1970-01-01', '2018-12-31', '2019-01-01', '2019-12-31', '2020-06-15', '2023-11-14']);
  if (r() < 0.3) f.hasGps = r() < 0.5;
  if (r() < 0.3) f.camera = pick(r, ['canon', 'EOS', 'nikon d', '_', '%', 'y_A', '100%', 'éclair', 'Éclair', 'none']);
  return f;
}

/** The SQL answer, as Lookup read it before the index. */
function sqlIds(cat: Catalog, filters: ResultFilters): number[] {
  const w = buildFilters(filters);
  return cat.db
    .prepare(`SELECT DISTINCT f.content_id FROM files f LEFT JOIN image_meta m ON m.content_id = f.content_id ${w.where} AND f.content_id IS NOT NULL`)
    .pluck()
    .all(...w.params) as number[];
}

const sorted = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('filter index', () => {
  it('agrees with the SQL filter for random filters, and again after changes once rebuilt', () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const { cat } = t;
    const r = rng(7);
    for (let i = 0; i < 400; i++) addRandomFile(cat, r);
    const index = cat.lookup.filterIndex;
    const check = (rounds: number): number => {
      const stamp = cat.lookup.changeStamp();
      let nonEmpty = 0;
      for (let i = 0; i < rounds; i++) {
        const f = randomFilters(r);
        if (!buildFilters(f).where) continue;
        const got = index.contentIds(f, stamp);
        expect(got, JSON.stringify(f)).toBeInstanceOf(ContentIdSet);
        const want = sorted(sqlIds(cat, f));
        expect(sorted(got!), JSON.stringify(f)).toEqual(want);
        expect(got!.size).toBe(want.length);
        for (const id of want) expect(got!.has(id)).toBe(true);
        if (want.length) nonEmpty++;
      }
      return nonEmpty;
    };
    expect(index.contentIds({ type: 'image' }, cat.lookup.changeStamp())).toBeUndefined(); // not built
    index.buildNow();
    expect(check(400)).toBeGreaterThan(200);

    // Changes through this connection: new files, new metadata, a rename into another folder,
    // removals, a file changed on disk (new mtime, queued), a content whose files all went (orphan
    // sweep), metadata removed. The logged changes are applied: no rebuild, the same answers as SQL.
    const builds = index.stats().builds;
    const changes = (): void => {
      for (let i = 0; i < 40; i++) addRandomFile(cat, r);
      const some = cat.db.prepare('SELECT content_id FROM image_meta ORDER BY random() LIMIT 5').pluck().all() as number[];
      for (const c of some) cat.imageMeta.set(c, { takenAt: pick(r, TAKEN), camera: pick(r, CAMERAS), lat: 3, lon: r() < 0.5 ? 4 : null });
      cat.db.prepare('DELETE FROM image_meta WHERE content_id = ?').run(some[0]!);
      const paths = cat.db.prepare('SELECT path FROM files ORDER BY random() LIMIT 6').pluck().all() as string[];
      cat.files.rename(paths[0]!, join(pick(r, FOLDERS), `moved${n++}.jpg`));
      cat.files.removeByPath(paths[1]!);
      cat.files.removeByPath(paths[2]!);
      // Files changed on disk (new mtime) and hashed again (another content): updates, no insert.
      for (const [i, p] of (cat.db.prepare('SELECT path FROM files ORDER BY random() LIMIT 16').pluck().all() as string[]).entries()) {
        const f = cat.files.getByPath(p)!;
        if (i % 2) cat.files.upsertScanned({ folderId: f.folderId, path: f.path, size: f.size + 1, mtimeMs: pick(r, MTIMES), kind: f.kind });
        else cat.files.attachContent(f.id, { hash: r() < 0.3 ? `dup${Math.floor(r() * 5)}` : `new${n++}`, kind: f.kind, bytes: 1 });
      }
      cat.contents.gcOrphans();
    };
    for (let round = 0; round < 3; round++) {
      changes();
      expect(check(150)).toBeGreaterThan(50);
    }
    expect(index.stats().builds).toBe(builds);
    expect(index.stats().patches).toBeGreaterThanOrEqual(3);

    // A commit by another connection is not in this connection's log: the index stops answering
    // (the caller reads SQL) until it is rebuilt.
    const other = Catalog.open(t.path);
    addRandomFile(other, r);
    other.close();
    expect(index.contentIds({ type: 'image' }, cat.lookup.changeStamp())).toBeUndefined();
    index.buildNow();
    expect(check(200)).toBeGreaterThan(100);
  });

  it('a read-only connection builds it and rebuilds after the writer commits', () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const r = rng(3);
    for (let i = 0; i < 150; i++) addRandomFile(t.cat, r);
    const ro = Catalog.open(t.path, { readonly: true });
    try {
      const index = ro.lookup.filterIndex;
      index.buildNow();
      const f: ResultFilters = { type: 'image', after: '2019-01-01' };
      expect(sorted(index.contentIds(f, ro.lookup.changeStamp())!)).toEqual(sorted(sqlIds(ro, f)));
      for (let i = 0; i < 20; i++) addRandomFile(t.cat, r);
      expect(index.contentIds(f, ro.lookup.changeStamp())).toBeUndefined();
      expect(sorted(ro.lookup.contentIdsMatching(f)!)).toEqual(sorted(sqlIds(ro, f)));
      index.buildNow();
      expect(sorted(index.contentIds(f, ro.lookup.changeStamp())!)).toEqual(sorted(sqlIds(ro, f)));
    } finally {
      ro.close();
    }
  });

  it('is built in the background once warmed, and Lookup answers from it while the catalog is unchanged', async () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const { cat } = t;
    const r = rng(11);
    for (let i = 0; i < 200; i++) addRandomFile(cat, r);
    const filters: ResultFilters = { type: 'image', after: '2019-01-01' };
    expect(cat.lookup.contentIdsMatching(filters)).toBeInstanceOf(Set); // SQL until built
    cat.lookup.filterIndex.warm();
    expect(await cat.lookup.filterIndex.whenReady(10_000)).toBe(true);
    expect(cat.lookup.filterIndex.stats().ready).toBe(true);
    const fromIndex = cat.lookup.contentIdsMatching({ ...filters, hasGps: true })!;
    expect(fromIndex).toBeInstanceOf(ContentIdSet);
    expect(sorted(fromIndex)).toEqual(sorted(sqlIds(cat, { ...filters, hasGps: true })));
    // A change: the next call sees it (the logged change applied to the index).
    addRandomFile(cat, r);
    const c = cat.db.prepare('SELECT content_id FROM image_meta LIMIT 1').pluck().get() as number;
    cat.imageMeta.set(c, { takenAt: '2024-01-01T00:00:00', lat: 1, lon: 1 });
    const after = cat.lookup.contentIdsMatching({ ...filters, hasGps: true })!;
    expect(after).toBeInstanceOf(ContentIdSet);
    expect(after.has(c)).toBe(true);
    expect(sorted(after)).toEqual(sorted(sqlIds(cat, { ...filters, hasGps: true })));
    // A commit by another connection: SQL (which sees it) until the background rebuild, once quiet.
    const other = Catalog.open(t.path);
    other.imageMeta.set(c, { takenAt: '2024-01-01T00:00:00', lat: null, lon: null });
    other.close();
    const fromSql = cat.lookup.contentIdsMatching({ ...filters, hasGps: true })!;
    expect(fromSql).toBeInstanceOf(Set);
    expect(fromSql.has(c)).toBe(false);
    expect(await cat.lookup.filterIndex.whenReady(10_000)).toBe(true);
    const rebuilt = cat.lookup.contentIdsMatching({ ...filters, hasGps: false })!;
    expect(rebuilt).toBeInstanceOf(ContentIdSet);
    expect(sorted(rebuilt)).toEqual(sorted(sqlIds(cat, { ...filters, hasGps: false })));
    expect(rebuilt.has(c)).toBe(true);
  });
});
