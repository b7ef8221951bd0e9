import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ModelIndexes, removeModelIndexFiles } from '../../../src/main/engine/vectors/model-indexes';
import { addFile, openTemp } from '../catalog/helpers';
import { join } from 'node:path';

describe('ModelIndexes: images + chunks of one model over a catalog', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('indexes image and chunk vectors, forgets swept ids, and removes its files', () => {
    const t = openTemp();
    cleanups.push(t.cleanup);
    const { cat } = t;
    const dir = join(t.dir, 'indexes');
    const img = addFile(cat, '/p', '/p/a.jpg');
    const doc = addFile(cat, '/p', '/p/d.pdf', { kind: 'document' });
    const { ids } = cat.chunks.replace(doc.contentId, 'text', [
      { seq: 0, charStart: 0, charEnd: 1, text: 'x' },
      { seq: 1, charStart: 1, charEnd: 2, text: 'y' },
    ]);
    const idx = ModelIndexes.open(cat, dir, 'clip-x', 4);
    cat.vectors.putImages('clip-x', [{ contentId: img.contentId, vector: [1, 0, 0, 0] }]);
    cat.vectors.putChunks('clip-x', [
      { chunkId: ids[0]!, vector: [0, 1, 0, 0] },
      { chunkId: ids[1]!, vector: [0, 0, 1, 0] },
    ]);
    idx.images.add(img.contentId, [1, 0, 0, 0]);
    idx.chunks.add(ids[0]!, [0, 1, 0, 0]);
    idx.chunks.add(ids[1]!, [0, 0, 1, 0]);
    expect(idx.chunks.knn([0, 0.9, 0.1, 0], 1)[0]!.id).toBe(ids[0]);
    idx.save();
    cat.files.removeByPath('/p/d.pdf');
    idx.forget(cat.contents.gcOrphans());
    expect(idx.chunks.size).toBe(0);
    expect(idx.images.size).toBe(1);
    idx.close();
    const again = ModelIndexes.open(cat, dir, 'clip-x', 4);
    expect([again.images.openReport.action, again.images.size, again.chunks.size]).toEqual(['loaded', 1, 0]);
    again.close();
    // graph, sidecar and saved int8 mirror, for each of the two spaces
    expect(readdirSync(dir).map((f) => f.replace(/^clip-x-[0-9a-f]+\./, '')).sort()).toEqual(['chunks.hnsw', 'chunks.meta.json', 'chunks.mirror', 'images.hnsw', 'images.meta.json', 'images.mirror']);
    expect(removeModelIndexFiles(dir, 'other-model')).toBe(0);
    expect(removeModelIndexFiles(dir, 'clip-x')).toBe(6);
    expect(readdirSync(dir)).toEqual([]);
  });
});
