// The LibraryStore interface on today's store: a real SQLite catalog and real HNSW files. Filters
// reach the vector search, rows come back in order, vectors survive a flush and reopen.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { SqliteHnswStore } from '../../../src/main/engine/store/sqlite-hnsw-store';
import { HnswIndex } from '../../../src/main/engine/vectors/hnsw-index';
import { tempDir } from '../../helpers/paths';

const DIM = 16;
const tmp = tempDir('glimpse-store-');
afterAll(() => tmp.cleanup());

function unit(seed: number): Float32Array {
  const v = Float32Array.from({ length: DIM }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453 % 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('SqliteHnswStore', () => {
  const cat = Catalog.open(join(tmp.path, 'catalog.sqlite'));
  const folder = cat.folders.add('/lib');
  const contentIds: number[] = [];
  for (let i = 0; i < 40; i++) {
    const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/lib/IMG_${i}.jpg`, size: 1000 + i, mtimeMs: 1_600_000_000_000 + i, kind: 'image' });
    const { contentId } = cat.files.attachContent(file.id, { hash: `h${i}`, kind: 'image', bytes: 1000 + i });
    cat.imageMeta.set(contentId, { takenAt: `20${10 + (i % 10)}-01-01T00:00:00`, camera: null, lat: i % 2 ? 48.85 : null, lon: i % 2 ? 2.29 : null, width: 10, height: 10, orientation: 1 });
    cat.files.markIndexed(file.id);
    contentIds.push(contentId);
  }
  cat.vectors.registerModel('m', DIM);
  const open = () => ({
    images: HnswIndex.open({ dir: join(tmp.path, 'idx'), source: cat.vectors.source('images', 'm'), dim: DIM }),
    chunks: HnswIndex.open({ dir: join(tmp.path, 'idx'), source: cat.vectors.source('chunks', 'm'), dim: DIM }),
  });

  it('stores vectors, searches them with filters, and survives a reopen', async () => {
    let idx = open();
    let store = new SqliteHnswStore(cat, 'm', idx);
    await store.putVectors('images', contentIds.map((id, i) => ({ id, vector: unit(i) })));
    const q = unit(7);
    const top = await store.nearest('images', q, 5);
    expect(top[0]!.id).toBe(contentIds[7]);
    expect(top[0]!.score).toBeCloseTo(1, 5);

    const withGps = await store.nearest('images', q, 10, { filters: { hasGps: true } });
    expect(withGps).toHaveLength(10);
    const rows = await store.rowsForContents(withGps.map((h) => h.id));
    expect(rows.map((r) => r.contentId)).toEqual(withGps.map((h) => h.id));
    expect(rows.every((r) => r.lat !== null)).toBe(true);
    expect(await store.count({ hasGps: true })).toBe(20);
    expect(await store.count({ after: '2015-01-01' })).toBe(20);

    await store.removeVectors('images', [contentIds[7]!]);
    expect((await store.nearest('images', q, 1))[0]!.id).not.toBe(contentIds[7]);
    expect((await store.stats()).vectors.images).toBe(39);

    await store.flush();
    idx.images.close();
    idx.chunks.close();
    idx = open();
    expect(idx.images.openReport.action).toBe('loaded');
    store = new SqliteHnswStore(cat, 'm', idx);
    // SQLite still holds the removed id's vector (its content is still in the catalog): reconciled back in.
    expect((await store.stats()).vectors.images).toBe(40);
    expect((await store.nearest('images', unit(3), 1))[0]!.id).toBe(contentIds[3]);
    idx.images.close();
    idx.chunks.close();
    cat.close();
  });
});
