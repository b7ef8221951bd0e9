// Lookup keeps filter sets (contentIdsMatching) while the catalog is unchanged: a repeat is the same
// set, and any write (a file indexed, its metadata changed) makes the next call read SQLite again.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { tempDir } from '../../helpers/paths';

const tmp = tempDir('glimpse-allowed-');
afterAll(() => tmp.cleanup());

describe('contentIdsMatching cache', () => {
  it('reuses a set until the catalog changes', () => {
    const cat = Catalog.open(join(tmp.path, 'c.sqlite'));
    const folder = cat.folders.add('/lib');
    const addPhoto = (i: number, gps: boolean): number => {
      const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/lib/p${i}.jpg`, size: 10 + i, mtimeMs: 1_600_000_000_000, kind: 'image' });
      const { contentId } = cat.files.attachContent(file.id, { hash: `h${i}`, kind: 'image', bytes: 10 + i });
      cat.imageMeta.set(contentId, { takenAt: '2020-05-01T10:00:00', lat: gps ? 1 : null, lon: gps ? 2 : null });
      cat.files.markIndexed(file.id);
      return contentId;
    };
    const a = addPhoto(1, true);
    addPhoto(2, false);
    const first = cat.lookup.contentIdsMatching({ hasGps: true })!;
    expect([...first]).toEqual([a]);
    expect(cat.lookup.contentIdsMatching({ hasGps: true })).toBe(first);
    expect(cat.lookup.contentIdsMatching({ hasGps: false })).not.toBe(first);
    const b = addPhoto(3, true);
    const after = cat.lookup.contentIdsMatching({ hasGps: true })!;
    expect(after).not.toBe(first);
    expect([...after].sort()).toEqual([a, b].sort());
    cat.imageMeta.set(a, { takenAt: '2020-05-01T10:00:00', lat: null, lon: null });
    expect([...cat.lookup.contentIdsMatching({ hasGps: true })!]).toEqual([b]);
    expect(cat.lookup.contentIdsMatching(undefined)).toBeNull();
    cat.close();
  });
});
