// open() must survive every way the derived index file can disagree with SQLite: stale (crash
// after commit, before save), ids deleted from SQLite, a truncated or scribbled file, a missing
// or foreign sidecar, a crash between the index rename and the sidecar write.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, openSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { HnswIndex } from '../../../src/main/engine/vectors/hnsw-index';
import { inspectHnswFile } from '../../../src/main/engine/vectors/hnsw-file';
import { catalogWithVectors, randomUnit, rng } from './helpers';

const DIM = 24;

describe('HnswIndex recovery against the SQLite truth', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function setup(n = 300, modelId = 'm') {
    const t = catalogWithVectors(n, DIM, modelId);
    cleanups.push(t.cleanup);
    const first = HnswIndex.open({ dir: t.indexDir, source: t.source });
    first.close();
    return { ...t, file: first.file, metaFile: first.metaFile };
  }
  const allFound = (idx: HnswIndex, vectors: Map<number, Float32Array>) => [...vectors].every(([id, v]) => idx.knn(v, 1)[0]?.id === id);

  it('stale index: vectors SQLite has but the file lacks are added at open', () => {
    const t = setup(300);
    // more files indexed, vectors committed, app crashed before the index was saved
    const folder = t.cat.folders.getByPath('/p')!;
    const r = rng(77);
    const extra = new Map<number, Float32Array>();
    for (let i = 0; i < 200; i++) {
      const { file } = t.cat.files.upsertScanned({ folderId: folder.id, path: `/p/new-${i}.jpg`, size: 1, mtimeMs: 1, kind: 'image' });
      const { contentId } = t.cat.files.attachContent(file.id, { hash: `new-${i}`, kind: 'image', bytes: 1 });
      extra.set(contentId, randomUnit(DIM, r));
    }
    t.cat.vectors.putImages('m', [...extra].map(([contentId, vector]) => ({ contentId, vector })));
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(idx.openReport).toMatchObject({ action: 'loaded', added: 200, removed: 0, count: 500 });
    expect(allFound(idx, extra)).toBe(true);
    idx.close();
    expect(JSON.parse(readFileSync(t.metaFile, 'utf8'))).toMatchObject({ modelId: 'm', space: 'images', dim: DIM, count: 500 });
  });

  it('ids SQLite no longer has are marked deleted at open, and stay deleted after a save', () => {
    const t = setup(300);
    const gone = [1, 2, 3];
    t.cat.files.removeByIds(gone.map((c) => t.cat.files.byContent(c)[0]!.id));
    const sweep = t.cat.contents.gcOrphans();
    expect(sweep.contentIds).toEqual(gone);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(idx.openReport).toMatchObject({ action: 'loaded', added: 0, removed: 3, count: 297 });
    for (const id of gone) expect(idx.knn(t.vectors.get(id)!, 5).map((n) => n.id)).not.toContain(id);
    idx.close();
    const info = inspectHnswFile(t.file, { dim: DIM });
    expect(info.deleted.reduce((a, b) => a + b, 0)).toBe(3);
    const again = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(again.openReport).toMatchObject({ action: 'loaded', added: 0, removed: 0, count: 297 });
    expect(again.deletedCount).toBe(3);
    expect(again.compact()).toBe(297);
    expect(again.deletedCount).toBe(0);
    again.close();
  });

  it('a truncated index file is detected and rebuilt from SQLite', () => {
    const t = setup(300);
    truncateSync(t.file, Math.floor(statSync(t.file).size * 0.6));
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(idx.openReport.action).toBe('rebuilt');
    expect(idx.openReport.reason).toMatch(/corrupt index file: file truncated/);
    expect(idx.openReport.count).toBe(300);
    expect(allFound(idx, t.vectors)).toBe(true);
    idx.close();
    expect(HnswIndex.open({ dir: t.indexDir, source: t.source }).openReport.action).toBe('loaded');
  });

  it('a file cut inside the header, emptied, or filled with garbage is rebuilt', () => {
    const t = setup(100);
    for (const damage of [
      () => truncateSync(t.file, 50),
      () => truncateSync(t.file, 0),
      () => writeFileSync(t.file, Buffer.alloc(4096, 0x41)),
    ]) {
      damage();
      const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
      expect(idx.openReport.action).toBe('rebuilt');
      expect(allFound(idx, t.vectors)).toBe(true);
      idx.close();
    }
  });

  it('scribbled link or vector bytes inside a full-size file are caught before hnswlib reads them', () => {
    const t = setup(200);
    const good = readFileSync(t.file);
    const info = inspectHnswFile(t.file, { dim: DIM });
    const cases: [string, number, Buffer][] = [
      ['link out of range', 96 + 4, Buffer.from([0xff, 0xff, 0xff, 0x7f])], // first neighbour of element 0
      ['not unit length', 96 + info.offsetData, Buffer.from(new Float32Array([9]).buffer)], // first float of element 0
      ['duplicate label', 96 + info.sizeDataPerElement + info.labelOffset, good.subarray(96 + info.labelOffset, 96 + info.labelOffset + 8)],
    ];
    for (const [why, at, bytes] of cases) {
      writeFileSync(t.file, good);
      const fd = openSync(t.file, 'r+');
      writeSync(fd, bytes, 0, bytes.length, at);
      closeSync(fd);
      expect(() => inspectHnswFile(t.file, { dim: DIM }), why).toThrow(new RegExp(why));
      const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
      expect(idx.openReport.action, why).toBe('rebuilt');
      expect(allFound(idx, t.vectors)).toBe(true);
      idx.close();
    }
  });

  it('a missing file or a missing, unreadable or foreign sidecar means a rebuild', () => {
    const t = setup(100);
    unlinkSync(t.file);
    expect(HnswIndex.open({ dir: t.indexDir, source: t.source }).openReport).toMatchObject({ action: 'rebuilt', reason: 'index file missing' });
    unlinkSync(t.metaFile);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(idx.openReport).toMatchObject({ action: 'rebuilt', reason: 'sidecar meta missing or unreadable' });
    idx.close();
    writeFileSync(t.metaFile, '{ not json');
    expect(HnswIndex.open({ dir: t.indexDir, source: t.source }).openReport.action).toBe('rebuilt');
    const meta = JSON.parse(readFileSync(t.metaFile, 'utf8'));
    writeFileSync(t.metaFile, JSON.stringify({ ...meta, modelId: 'another-model' }));
    expect(HnswIndex.open({ dir: t.indexDir, source: t.source }).openReport.reason).toBe('index belongs to another-model/images');
  });

  it('a crash between the index rename and the sidecar write (older sidecar) is reconciled, not rebuilt', () => {
    const t = setup(100);
    const oldMeta = readFileSync(t.metaFile);
    const idx = HnswIndex.open({ dir: t.indexDir, source: t.source });
    idx.remove(1); // (SQLite still has id 1)
    idx.save();
    idx.close();
    writeFileSync(t.metaFile, oldMeta); // the sidecar write "never happened"
    const again = HnswIndex.open({ dir: t.indexDir, source: t.source });
    expect(again.openReport).toMatchObject({ action: 'loaded', added: 1, count: 100 });
    again.close();
  });

  it('leftover temp files from a crashed save are removed at open', () => {
    const t = setup(10);
    copyFileSync(t.file, `${t.file}.tmp-99999`);
    HnswIndex.open({ dir: t.indexDir, source: t.source }).close();
    expect(readdirSync(t.indexDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('never mixes models: one file per (model, space), checked by dimension and model id', () => {
    const t = setup(50, 'model-a');
    const folder = t.cat.folders.getByPath('/p')!;
    const { file } = t.cat.files.upsertScanned({ folderId: folder.id, path: '/p/b.jpg', size: 1, mtimeMs: 1, kind: 'image' });
    const { contentId } = t.cat.files.attachContent(file.id, { hash: 'b', kind: 'image', bytes: 1 });
    t.cat.vectors.putImages('model-b', [{ contentId, vector: new Float32Array(48).fill(0.1) }]);
    const a = HnswIndex.open({ dir: t.indexDir, source: t.cat.vectors.source('images', 'model-a') });
    const b = HnswIndex.open({ dir: t.indexDir, source: t.cat.vectors.source('images', 'model-b') });
    expect(a.file).not.toBe(b.file);
    expect(a.size).toBe(50);
    expect(b.size).toBe(1);
    expect(b.dim).toBe(48);
    expect(() => a.add(contentId, new Float32Array(48).fill(0.1))).toThrowError(expect.objectContaining({ kind: 'model-invalid' }));
    a.close();
    b.close();
    // a model-b file swapped in under model-a's name is refused (dimension and model id differ)
    copyFileSync(b.file, a.file);
    copyFileSync(b.metaFile, a.metaFile);
    const again = HnswIndex.open({ dir: t.indexDir, source: t.cat.vectors.source('images', 'model-a') });
    expect(again.openReport).toMatchObject({ action: 'rebuilt', count: 50 });
    expect(again.openReport.reason).toMatch(/belongs to model-b/);
    again.close();
    expect(existsSync(b.file)).toBe(true);
  });
});
