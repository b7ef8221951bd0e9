import { afterEach, describe, expect, it } from 'vitest';
import { sep } from 'node:path';
import { addFile, openTemp } from './helpers';

const P = (...parts: string[]): string => sep + parts.join(sep);

describe('lookup: ids -> files with metadata, filters, sorting', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function setup() {
    const t = openTemp();
    cleanups.push(t.cleanup);
    const cat = t.cat;
    const beach = addFile(cat, P('photos'), P('photos', 'trip', 'beach.jpg'), { mtimeMs: Date.UTC(2024, 0, 1) });
    const dupe = addFile(cat, P('backup'), P('backup', 'beach copy.jpg'), { hash: `hash:${P('photos', 'trip', 'beach.jpg')}` });
    const city = addFile(cat, P('photos'), P('photos', 'tripping', 'city.jpg'), { mtimeMs: Date.UTC(2024, 0, 2) });
    const doc = addFile(cat, P('photos'), P('photos', 'trip', 'plan.pdf'), { kind: 'document', mtimeMs: Date.UTC(2023, 5, 15, 12) });
    cat.imageMeta.set(beach.contentId, { takenAt: '2023-07-14T10:22:03', camera: 'Canon EOS R5', lat: 43.5, lon: 7.1, width: 4000, height: 3000 });
    cat.imageMeta.set(city.contentId, { takenAt: '2023-07-16T08:00:00', camera: 'Apple iPhone 13_mini', width: 3024, height: 4032 });
    cat.imageMeta.setThumbnail(beach.contentId, '/thumbs/beach.webp');
    return { cat, beach, dupe, city, doc };
  }

  it('resolveContents keeps the input order, lists duplicates, or one per content', () => {
    const { cat, beach, dupe, city, doc } = setup();
    const rows = cat.lookup.resolveContents([city.contentId, beach.contentId, 999_999, doc.contentId]);
    expect(rows.map((r) => r.fileId)).toEqual([city.fileId, beach.fileId, dupe.fileId, doc.fileId]);
    expect(rows[1]).toMatchObject({
      path: P('photos', 'trip', 'beach.jpg'), name: 'beach.jpg', kind: 'image', takenAt: '2023-07-14T10:22:03', date: '2023-07-14T10:22:03',
      camera: 'Canon EOS R5', lat: 43.5, lon: 7.1, width: 4000, height: 3000, thumbnail: '/thumbs/beach.webp', status: 'indexed',
    });
    expect(rows[3]).toMatchObject({ takenAt: null, date: '2023-06-15T12:00:00' }); // documents date by mtime
    const one = cat.lookup.resolveContents([city.contentId, beach.contentId], { onePerContent: true });
    expect(one.map((r) => r.fileId)).toEqual([city.fileId, beach.fileId]);
  });

  it('filters by folder prefix on path boundaries, kind, GPS, camera and dates', () => {
    const { cat, beach, dupe, city, doc } = setup();
    const all = [beach.contentId, city.contentId, doc.contentId];
    const ids = (filters: object) => cat.lookup.resolveContents(all, { filters }).map((r) => r.fileId);
    expect(ids({ folder: P('photos', 'trip') })).toEqual([beach.fileId, doc.fileId]); // not /photos/tripping
    expect(ids({ folder: P('photos', 'trip') + sep })).toEqual([beach.fileId, doc.fileId]);
    expect(ids({ folder: P('backup') })).toEqual([dupe.fileId]);
    expect(ids({ type: 'document' })).toEqual([doc.fileId]);
    expect(ids({ type: 'image', hasGps: true })).toEqual([beach.fileId, dupe.fileId]);
    expect(ids({ type: 'image', hasGps: false })).toEqual([city.fileId]);
    expect(ids({ camera: 'iphone 13_' })).toEqual([city.fileId]); // LIKE wildcards escaped, case-insensitive
    expect(ids({ camera: '%' })).toEqual([]);
    expect(ids({ after: '2023-07-15' })).toEqual([city.fileId]);
    expect(ids({ before: '2023-07-14' })).toEqual([beach.fileId, dupe.fileId, doc.fileId]); // before is inclusive
    expect(ids({ after: '2023-07-14', before: '2023-07-14' })).toEqual([beach.fileId, dupe.fileId]);
    expect(() => ids({ after: '14/07/2023' })).toThrowError(expect.objectContaining({ kind: 'bad-request' }));
  });

  it('contentIdsMatching gives the filter set for HNSW callbacks (null = no filter)', () => {
    const { cat, beach, city } = setup();
    expect(cat.lookup.contentIdsMatching({ type: 'all' })).toBeNull();
    expect(cat.lookup.contentIdsMatching(undefined)).toBeNull();
    expect([...cat.lookup.contentIdsMatching({ type: 'image' })!].sort()).toEqual([beach.contentId, city.contentId].sort());
  });

  it('resolveChunks returns passages with their file, in order, one file per chunk', () => {
    const { cat, doc } = setup();
    const copy = addFile(cat, P('backup'), P('backup', 'plan.pdf'), { kind: 'document', hash: `hash:${P('photos', 'trip', 'plan.pdf')}` });
    const { ids } = cat.chunks.replace(doc.contentId, 'text', [
      { seq: 0, page: 1, charStart: 0, charEnd: 5, text: 'day 1' },
      { seq: 1, page: 3, charStart: 5, charEnd: 10, text: 'day 2' },
    ]);
    const rows = cat.lookup.resolveChunks([ids[1]!, ids[0]!]);
    expect(rows.map((r) => [r.chunkId, r.page, r.text, r.fileId])).toEqual([
      [ids[1], 3, 'day 2', doc.fileId],
      [ids[0], 1, 'day 1', doc.fileId],
    ]);
    expect(cat.lookup.resolveChunks([ids[0]!], { onePerContent: false })).toHaveLength(2);
    expect(cat.lookup.resolveChunks([ids[0]!], { filters: { folder: P('backup') } }).map((r) => r.fileId)).toEqual([copy.fileId]);
    expect(cat.chunks.getMany([ids[1]!, 424242, ids[0]!]).map((c) => c.seq)).toEqual([1, 0]);
  });

  it('lists by date newest first, by name, with paging and counts; queued files hidden by default', () => {
    const { cat, beach, dupe, city, doc } = setup();
    addFile(cat, P('photos'), P('photos', 'new.jpg'), { status: 'queued' });
    expect(cat.lookup.list({ sort: 'date' }).map((r) => r.fileId)).toEqual([city.fileId, dupe.fileId, beach.fileId, doc.fileId]); // dupe shares beach's EXIF date; ties newest id first
    expect(cat.lookup.list({ sort: 'date', order: 'asc', limit: 1 }).map((r) => r.fileId)).toEqual([doc.fileId]);
    expect(cat.lookup.list({ sort: 'name', limit: 2, offset: 1 }).map((r) => r.name)).toEqual(['beach.jpg', 'city.jpg']);
    expect(cat.lookup.count()).toBe(4);
    expect(cat.lookup.count(undefined, 'any')).toBe(5);
    expect(cat.lookup.count({ type: 'image', hasGps: true })).toBe(2);
    expect(cat.lookup.resolveFiles([doc.fileId, beach.fileId]).map((r) => r.name)).toEqual(['plan.pdf', 'beach.jpg']);
  });
});
