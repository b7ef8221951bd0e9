// Test helpers for the vector layer: seeded random unit vectors and a temp catalog + index dir.
import { join } from 'node:path';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { tempDir } from '../catalog/helpers';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomUnit(dim: number, r: () => number): Float32Array {
  const v = new Float32Array(dim);
  let s = 0;
  for (let i = 0; i < dim; i++) {
    const x = r() * 2 - 1;
    v[i] = x;
    s += x * x;
  }
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < dim; i++) v[i]! *= inv;
  return v;
}

/** A catalog with `n` image contents carrying vectors of model `modelId` in SQLite. */
export function catalogWithVectors(n: number, dim: number, modelId = 'test-model', seed = 1) {
  const t = tempDir('glimpse-vec-');
  const cat = Catalog.open(join(t.dir, 'catalog.sqlite'));
  const folder = cat.folders.add('/p');
  const r = rng(seed);
  const vectors = new Map<number, Float32Array>();
  cat.transaction(() => {
    for (let i = 0; i < n; i++) {
      const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/p/${i}.jpg`, size: 1, mtimeMs: i, kind: 'image' });
      const { contentId } = cat.files.attachContent(file.id, { hash: `h${i}`, kind: 'image', bytes: 1 });
      const v = randomUnit(dim, r);
      vectors.set(contentId, v);
    }
    cat.vectors.putImages(modelId, [...vectors].map(([contentId, vector]) => ({ contentId, vector })));
  });
  return {
    cat,
    dir: t.dir,
    indexDir: join(t.dir, 'indexes'),
    vectors,
    source: cat.vectors.source('images', modelId),
    cleanup: () => {
      cat.close();
      t.cleanup();
    },
  };
}
