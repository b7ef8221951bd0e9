// Large-index behaviour at small scale (the size thresholds are options): the file read on a
// libuv thread (openAsync), the int8 mirror filled after open, and background saves during which
// changes wait beside the graph and searches still see them.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HnswIndex } from '../../../src/main/engine/vectors/hnsw-index';
import { readMeta } from '../../../src/main/engine/vectors/index-meta';
import { bruteForceTopK } from '../../../src/main/engine/vectors/vector-math';
import { catalogWithVectors, randomUnit, rng } from './helpers';

const DIM = 32;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function setup(n: number) {
  const t = catalogWithVectors(n, DIM);
  cleanups.push(t.cleanup);
  return t;
}

describe('HnswIndex: async open, mirror filled after open, background saves', () => {
  it('openAsync loads the same index open() does, and fills the mirror afterwards', async () => {
    const t = setup(3000);
    HnswIndex.open({ dir: t.indexDir, source: t.source }).close();
    const idx = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    expect(idx.openReport).toMatchObject({ action: 'loaded', count: 3000 });
    // Narrow filters answer correctly before and after the mirror is filled.
    const allowed = new Set([...t.vectors.keys()].filter((id) => id % 50 === 0));
    const q = randomUnit(DIM, rng(9));
    const before = idx.knn(q, 5, { allowed });
    await idx.whenIdle();
    expect(idx.mirrorReady).toBe(true);
    expect(idx.mirrorBytes).toBeGreaterThanOrEqual(3000 * DIM);
    const after = idx.knn(q, 5, { allowed });
    const ids = [...allowed];
    const data = new Float32Array(ids.length * DIM);
    ids.forEach((id, i) => data.set(t.vectors.get(id)!, i * DIM));
    const truth = bruteForceTopK(data, DIM, q, 5).map((n) => ids[n.index]!);
    expect(after.map((n) => n.id)).toEqual(truth);
    expect(before.map((n) => n.id)).toEqual(truth);
    idx.close();
  });

  it('a change made while the mirror fills is not overwritten by the file', async () => {
    const t = setup(3000);
    HnswIndex.open({ dir: t.indexDir, source: t.source }).close();
    const idx = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    const moved = randomUnit(DIM, rng(77));
    idx.add(5, moved); // before the fill reaches it: the fill must skip id 5
    idx.remove(6);
    await idx.whenIdle();
    const few = new Set([5, 6, 7, 8]);
    const top = idx.knn(moved, 4, { allowed: few });
    expect(top[0]).toMatchObject({ id: 5 });
    expect(top[0]!.score).toBeGreaterThan(0.98);
    expect(top.map((n) => n.id)).not.toContain(6);
    idx.close();
  });

  it('a background save lets searches and changes go on, then applies them; close waits for it', async () => {
    const t = setup(2000);
    const opts = { dir: t.indexDir, source: t.source, backgroundSaveMinBytes: 1, saveEvery: { changes: 10 } };
    const idx = HnswIndex.open(opts);
    const r = rng(3);
    for (let i = 0; i < 10; i++) idx.add(100_000 + i, randomUnit(DIM, r));
    expect(idx.maybeSave()).toBe(true);
    expect(idx.saveInProgress).toBe(true);
    // Meanwhile: a new vector, a replaced one, a removed one, and one added then removed.
    const fresh = randomUnit(DIM, r);
    const replaced = randomUnit(DIM, r);
    idx.add(200_000, fresh);
    idx.add(1, replaced);
    idx.remove(2);
    idx.add(200_001, randomUnit(DIM, r));
    idx.remove(200_001);
    expect(idx.knn(fresh, 1)[0]).toMatchObject({ id: 200_000 });
    expect(idx.knn(replaced, 1)[0]).toMatchObject({ id: 1 });
    expect(idx.knn(t.vectors.get(2)!, 20).map((n) => n.id)).not.toContain(2);
    expect(idx.knn(fresh, 5, { filter: (id) => id !== 200_000 }).map((n) => n.id)).not.toContain(200_000);
    expect(idx.has(200_001)).toBe(false);
    await idx.whenIdle();
    expect(idx.saveInProgress).toBe(false);
    // The saved file holds the graph as it was when the save began (2010 vectors); what came later is counted for the next save.
    expect(readMeta(idx.metaFile)!.count).toBe(2010);
    expect(idx.pendingChanges).toBe(5);
    expect(idx.knn(fresh, 1)[0]).toMatchObject({ id: 200_000 });
    expect(idx.knn(t.vectors.get(2)!, 20).map((n) => n.id)).not.toContain(2);
    // A close during a background save finishes after it, with everything in the file.
    for (let i = 0; i < 10; i++) idx.add(300_000 + i, randomUnit(DIM, r));
    expect(idx.maybeSave()).toBe(true);
    idx.add(400_000, randomUnit(DIM, r));
    await idx.closeAsync();
    expect(readMeta(idx.metaFile)!.count).toBe(2010 + 1 - 1 + 10 + 1);
    expect(readdirSync(dirname(idx.file)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(statSync(idx.file).size).toBe(readMeta(idx.metaFile)!.fileBytes);
  });

  it('saves big graphs less often: the default thresholds grow with the index', () => {
    const t = setup(1500);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    idx.add(9_000_000, randomUnit(DIM, rng(4)));
    const now = Date.now();
    expect(idx.maybeSave(now + 1000)).toBe(false); // 1 change, 1 s
    expect(idx.maybeSave(now + 31_000)).toBe(true); // small graph: 30 s
    idx.close();
  });
});

describe('HnswIndex: opening from the saved int8 mirror', () => {
  it('answers exactly from the mirror while the graph loads, takes changes meanwhile, and agrees with the graph after', async () => {
    const t = setup(3000);
    const first = HnswIndex.open({ dir: t.indexDir, source: t.source });
    first.close();
    expect(existsSync(first.mirrorFile)).toBe(true);
    // The catalog moves on while the index is closed: one vector gone, one new (the mirror file lags).
    const r = rng(11);
    const extra = randomUnit(DIM, r);
    const { file } = t.cat.files.upsertScanned({ folderId: t.cat.folders.list()[0]!.id, path: '/p/new.jpg', size: 1, mtimeMs: 1, kind: 'image' });
    const { contentId: newId } = t.cat.files.attachContent(file.id, { hash: 'hnew', kind: 'image', bytes: 1 });
    t.cat.vectors.putImages('test-model', [{ contentId: newId, vector: extra }]);
    const goneId = [...t.vectors.keys()][10]!;
    t.cat.files.removeByIds([t.cat.files.byContent(goneId)[0]!.id]);
    expect(t.cat.contents.gcOrphans().contentIds).toEqual([goneId]);
    const idx = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    expect(idx.graphLoaded).toBe(false);
    expect(idx.size).toBe(t.source.count());
    const q = randomUnit(DIM, r);
    const ids = [...t.source.ids()];
    const data = new Float32Array(ids.length * DIM);
    const vecs = t.source.get(ids);
    ids.forEach((id, i) => data.set(vecs.get(id)!, i * DIM));
    const truth = bruteForceTopK(data, DIM, q, 10).map((n) => ids[n.index]!);
    // int8 scores: exact to ~0.01, so near-ties may swap
    const early = idx.knn(q, 10);
    expect(early.filter((n) => truth.includes(n.id)).length).toBeGreaterThanOrEqual(9);
    expect(early[0]!.id).toBe(truth[0]);
    expect(idx.knn(extra, 1)[0]).toMatchObject({ id: newId });
    // Changes while the graph loads wait beside it, and are searchable at once.
    const late = randomUnit(DIM, r);
    idx.add(500_000, late);
    idx.remove(ids[0]!);
    expect(idx.knn(late, 1)[0]).toMatchObject({ id: 500_000 });
    await idx.whenGraphLoaded();
    expect(idx.graphLoaded).toBe(true);
    expect(idx.knn(late, 1)[0]).toMatchObject({ id: 500_000 });
    expect(idx.knn(extra, 1)[0]).toMatchObject({ id: newId });
    expect(idx.knn(vecs.get(ids[0]!)!, 5).map((n) => n.id)).not.toContain(ids[0]);
    const after = idx.knn(q, 10).map((n) => n.id);
    expect(after.filter((id) => truth.includes(id)).length).toBeGreaterThanOrEqual(9);
    await idx.closeAsync();
  });

  it('a damaged mirror file is not used: the graph is read first, and the mirror file is written again', async () => {
    const t = setup(2000);
    const first = HnswIndex.open({ dir: t.indexDir, source: t.source });
    first.close();
    const bytes = readFileSync(first.mirrorFile);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 5) ^ 0xff, bytes.length - 5);
    writeFileSync(first.mirrorFile, bytes);
    const idx = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    expect(idx.graphLoaded).toBe(true);
    await idx.whenIdle();
    expect(readFileSync(idx.mirrorFile).equals(bytes)).toBe(false);
    idx.close();
    const again = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    expect(again.graphLoaded).toBe(false);
    await again.closeAsync();
  });

  it('a close while the graph loads with nothing changed returns at once and writes nothing', async () => {
    const t0 = setup(2000);
    HnswIndex.open({ dir: t0.indexDir, source: t0.source }).close();
    const quiet = await HnswIndex.openAsync({ dir: t0.indexDir, source: t0.source });
    expect(quiet.graphLoaded).toBe(false);
    const before = statSync(quiet.file).mtimeMs;
    quiet.close();
    await quiet.whenIdle();
    expect(statSync(quiet.file).mtimeMs).toBe(before);
    expect(() => quiet.knn(randomUnit(DIM, rng(1)), 1)).toThrow(/closed/);
  });

  it('a close while the graph loads finishes after the load, saving what changed', async () => {
    const t = setup(2000);
    HnswIndex.open({ dir: t.indexDir, source: t.source }).close();
    const idx = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    idx.add(700_000, randomUnit(DIM, rng(5)));
    await idx.closeAsync();
    expect(readMeta(idx.metaFile)!.count).toBe(2001);
  });
});

describe('HnswIndex: leftovers of a process killed while saving', () => {
  it('temp files of a dead process (background graph write, mirror write) are removed at open; a live process keeps its own', async () => {
    const t = setup(500);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    idx.close();
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
    const stale = [`${idx.file}.tmp-${dead}-bg`, `${idx.mirrorFile}.tmp-${dead}`];
    const alive = `${idx.file}.tmp-${process.ppid}-bg`;
    for (const f of [...stale, alive]) writeFileSync(f, 'half-written');
    const again = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    for (const f of stale) expect(existsSync(f)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(again.knn(t.vectors.get(1)!, 1)[0]).toMatchObject({ id: 1 });
    await again.closeAsync();
  });
});

describe('HnswIndex: a damaged graph behind a good mirror', () => {
  it('opens at once, answers from the mirror while the graph is rebuilt in steps, takes changes meanwhile, and saves the new graph', async () => {
    const t = setup(3000);
    const first = HnswIndex.open({ dir: t.indexDir, source: t.source });
    first.close();
    const bytes = readFileSync(first.file);
    writeFileSync(first.file, bytes.subarray(0, bytes.length >> 1)); // truncated
    const idx = await HnswIndex.openAsync({ dir: t.indexDir, source: t.source });
    expect(idx.graphLoaded).toBe(false);
    const some = [...t.vectors.keys()][42]!;
    expect(idx.knn(t.vectors.get(some)!, 1)[0]).toMatchObject({ id: some });
    const late = randomUnit(DIM, rng(21));
    // a change while the rebuild runs (it yields every 500 vectors)
    await new Promise((r) => setImmediate(r));
    idx.add(900_000, late);
    await idx.whenGraphLoaded();
    expect(idx.graphLoaded).toBe(true);
    expect(idx.knn(late, 1)[0]).toMatchObject({ id: 900_000 });
    expect(idx.knn(t.vectors.get(some)!, 1)[0]).toMatchObject({ id: some });
    await idx.closeAsync();
    expect(statSync(idx.file).size).toBeGreaterThan(bytes.length * 0.9);
    const again = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(again.openReport.action).toBe('loaded'); // not rebuilt again
    expect(again.size).toBe(3000); // 900_000 was never in SQLite: the reconcile drops it
    again.close();
  });
});
