import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { HnswIndex } from '../../../src/main/engine/vectors/hnsw-index';
import { bruteForceTopK } from '../../../src/main/engine/vectors/vector-math';
import { GlimpseError } from '../../../src/shared/errors';
import { catalogWithVectors, randomUnit, rng } from './helpers';

const DIM = 32;

describe('HnswIndex: add / search / delete / resize / save / reopen', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function setup(n: number, modelId = 'test-model') {
    const t = catalogWithVectors(n, DIM, modelId);
    cleanups.push(t.cleanup);
    return t;
  }

  it('builds from SQLite at first open and finds each vector as its own nearest neighbour', () => {
    const t = setup(300);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(idx.openReport).toMatchObject({ action: 'created', reason: null, added: 300, count: 300 });
    expect(existsSync(idx.file) && existsSync(idx.metaFile)).toBe(true);
    for (const [id, v] of [...t.vectors].slice(0, 50)) {
      const [top] = idx.knn(v, 1);
      expect(top!.id).toBe(id);
      expect(top!.score).toBeCloseTo(1, 5);
      expect(top!.distance).toBeCloseTo(0, 5);
    }
    const res = idx.knn(t.vectors.get(1)!, 10);
    expect(res).toHaveLength(10);
    for (let i = 1; i < res.length; i++) expect(res[i - 1]!.score).toBeGreaterThanOrEqual(res[i]!.score);
    idx.close();
  });

  it('normalises inputs: a scaled vector scores like the unit one', () => {
    const t = setup(50);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    const v = t.vectors.get(7)!;
    const scaled = Array.from(v, (x) => x * 42);
    expect(idx.knn(scaled, 1)[0]).toMatchObject({ id: 7 });
    idx.close();
  });

  it('grows by doubling past its capacity', () => {
    const t = setup(10);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(idx.capacity).toBe(1024);
    const r = rng(99);
    for (let id = 1000; id < 1000 + 2100; id++) idx.add(id, randomUnit(DIM, r));
    expect(idx.size).toBe(2110);
    expect(idx.capacity).toBe(4096);
    idx.close();
  });

  it('removes by markDelete, and re-adding an id brings it back', () => {
    const t = setup(200);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    const v = t.vectors.get(5)!;
    expect(idx.remove(5)).toBe(true);
    expect(idx.remove(5)).toBe(false);
    expect(idx.has(5)).toBe(false);
    expect(idx.size).toBe(199);
    expect(idx.deletedCount).toBe(1);
    expect(idx.knn(v, 20).map((n) => n.id)).not.toContain(5);
    idx.add(5, v);
    expect(idx.knn(v, 1)[0]!.id).toBe(5);
    expect(idx.deletedCount).toBe(0);
    expect(idx.capacity).toBe(1024);
    idx.close();
  });

  it('saves atomically and reopens without rebuilding, with the same answers', () => {
    const t = setup(400);
    const a = HnswIndex.open({ dir: t.indexDir, source: t.source });
    const q = randomUnit(DIM, rng(5));
    const before = a.knn(q, 10);
    a.remove(3);
    // SQLite still has id 3, so the reopen below re-adds it: SQLite is the truth
    a.close();
    const b = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(b.openReport.action).toBe('loaded');
    expect(b.openReport.added).toBe(1); // id 3 is in SQLite, so reconcile restores it
    expect(b.knn(q, 10).map((n) => n.id)).toEqual(before.map((n) => n.id));
    // the int8 copy for exact scans is rebuilt from the file while it is validated
    const some = new Set([1, 2, 3, 4, 5]);
    expect(b.knn(q, 3, { allowed: some }).map((n) => n.id)).toEqual(b.scoreIds(q, some, 3).map((n) => n.id));
    b.close();
    const c = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(c.openReport).toMatchObject({ action: 'loaded', added: 0, removed: 0, count: 400 });
    c.close();
  });

  it('filters inside the search and scores an explicit id set exactly', () => {
    const t = setup(500);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    const q = randomUnit(DIM, rng(11));
    const even = idx.knn(q, 10, { filter: (id) => id % 2 === 0 });
    expect(even).toHaveLength(10);
    expect(even.every((n) => n.id % 2 === 0)).toBe(true);
    const few = new Set([10, 20, 30, 31]);
    const viaFilter = idx.knn(q, 10, { filter: (id) => few.has(id) });
    const exact = idx.scoreIds(q, [...few, 99999]);
    expect(exact.map((n) => n.id)).toEqual(viaFilter.map((n) => n.id));
    expect(exact[0]!.score).toBeCloseTo(viaFilter[0]!.score, 5);
    idx.close();
  });

  it('knn({ allowed }) returns only allowed ids, matching exact search, with each strategy', () => {
    const t = setup(2000);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    const r = rng(21);
    const ids = [...t.vectors.keys()];
    const cases = [
      { share: 0.8, opts: {} }, // wide: filtered inside the graph search
      { share: 0.2, opts: {} }, // narrow: exact int8 scan
      { share: 0.2, opts: { exactScanMax: 0 } }, // narrow, scan disabled: unfiltered over-fetch
      { share: 0.004, opts: { exactScanMax: 0 } }, // tiny, scan disabled: over-fetch too short, graph filter
    ];
    for (const { share, opts } of cases) {
      const what = `share ${share} ${JSON.stringify(opts)}`;
      const allowed = new Set(ids.filter(() => r() < share));
      let agree = 0;
      for (let i = 0; i < 20; i++) {
        const q = randomUnit(DIM, r);
        const got = idx.knn(q, 10, { allowed, ...opts });
        expect(got.every((n) => allowed.has(n.id)), what).toBe(true);
        expect(got).toHaveLength(Math.min(10, allowed.size));
        const exact = idx.scoreIds(q, allowed, 10);
        const truth = new Set(exact.map((n) => n.id));
        agree += got.filter((n) => truth.has(n.id)).length / got.length;
        expect(Math.abs(got[0]!.score - exact[0]!.score), what).toBeLessThan(0.01);
      }
      expect(agree / 20, what).toBeGreaterThanOrEqual(0.97);
    }
    expect(idx.knn(randomUnit(DIM, r), 10, { allowed: new Set() })).toEqual([]);
    expect(idx.knn(randomUnit(DIM, r), 10, { allowed: new Set([1, 2, 3]), filter: (id) => id !== 2 }).map((n) => n.id).sort()).toEqual([1, 3]);
    // the exact scan follows removals and re-adds
    const few = new Set([4, 5, 6]);
    idx.remove(5);
    expect(idx.knn(t.vectors.get(5)!, 3, { allowed: few }).map((n) => n.id).sort()).toEqual([4, 6]);
    idx.add(5, t.vectors.get(5)!);
    expect(idx.knn(t.vectors.get(5)!, 1, { allowed: few })[0]!.id).toBe(5);
    expect(idx.mirrorBytes).toBeGreaterThanOrEqual(2000 * DIM);
    idx.close();
  });

  it('recall@10 against brute force is high on a small set', () => {
    const t = setup(2000);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    const ids = [...t.vectors.keys()];
    const data = new Float32Array(ids.length * DIM);
    ids.forEach((id, i) => data.set(t.vectors.get(id)!, i * DIM));
    const r = rng(3);
    let hit = 0;
    for (let q = 0; q < 50; q++) {
      const query = randomUnit(DIM, r);
      const truth = new Set(bruteForceTopK(data, DIM, query, 10).map((x) => ids[x.index]));
      hit += idx.knn(query, 10).filter((n) => truth.has(n.id)).length;
    }
    expect(hit / 500).toBeGreaterThanOrEqual(0.98);
    idx.close();
  });

  it('rejects wrong-dimension vectors and queries with a clear error', () => {
    const t = setup(20);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    let err: unknown;
    try {
      idx.add(9999, new Float32Array(DIM + 1).fill(1));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GlimpseError);
    expect((err as GlimpseError).kind).toBe('model-invalid');
    expect((err as GlimpseError).message).toBe('images index of model test-model: vector has 33 dimensions, expected 32');
    expect(() => idx.knn(new Float32Array(16).fill(1), 5)).toThrowError(/query for the images index of model test-model: vector has 16 dimensions, expected 32/);
    expect(() => idx.add(9999, new Float32Array(DIM))).toThrowError(/all zeros/);
    expect(() => idx.add(-1, t.vectors.get(1)!)).toThrowError(expect.objectContaining({ kind: 'bad-request' }));
    expect(idx.size).toBe(20);
    // an index opened with a dimension that contradicts the one pinned in SQLite
    expect(() => HnswIndex.open({ dir: t.indexDir, source: t.source, dim: 64 })).toThrowError(
      expect.objectContaining({ kind: 'model-invalid', message: 'model test-model stores 32-dimensional vectors, not 64' }),
    );
    idx.close();
  });

  it('an empty model needs an explicit dimension, then works', () => {
    const t = setup(0);
    const src = t.cat.vectors.source('images', 'fresh-model');
    expect(() => HnswIndex.open({ dir: t.indexDir, source: src })).toThrowError(/dimension is unknown/);
    const idx = HnswIndex.open({ dir: t.indexDir, source: src, dim: 8 });
    expect(idx.knn(new Float32Array(8).fill(1), 5)).toEqual([]);
    idx.close();
  });

  it('maybeSave batches by change count and by time', () => {
    const t = setup(5);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source, saveEvery: { changes: 3, ms: 60_000 } });
    const r = rng(1);
    expect(idx.maybeSave()).toBe(false);
    idx.add(100, randomUnit(DIM, r));
    idx.add(101, randomUnit(DIM, r));
    expect(idx.maybeSave()).toBe(false);
    idx.add(102, randomUnit(DIM, r));
    expect(idx.maybeSave()).toBe(true);
    expect(idx.pendingChanges).toBe(0);
    idx.add(103, randomUnit(DIM, r));
    expect(idx.maybeSave(Date.now() + 61_000)).toBe(true);
    idx.close();
    expect(() => idx.knn(randomUnit(DIM, r), 1)).toThrowError(/closed/);
  });
});
