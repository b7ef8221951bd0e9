import { afterEach, describe, expect, it } from 'vitest';
import { addFile, openTemp } from '../catalog/helpers';

describe('SQLite vector store (source of truth)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function setup() {
    const t = openTemp();
    cleanups.push(t.cleanup);
    return t.cat;
  }

  it('stores float32 vectors per model and exposes them as a VectorSource', () => {
    const cat = setup();
    const a = addFile(cat, '/p', '/p/a.jpg');
    const b = addFile(cat, '/p', '/p/b.jpg');
    cat.vectors.putImages('m1', [
      { contentId: a.contentId, vector: new Float32Array([0.6, 0.8, 0]) },
      { contentId: b.contentId, vector: [0, 0, 1] },
    ]);
    cat.vectors.putImages('m2', [{ contentId: a.contentId, vector: [1, 0, 0, 0, 0] }]);
    const src = cat.vectors.source('images', 'm1');
    expect(src.dim()).toBe(3);
    expect(src.count()).toBe(2);
    expect(src.ids()).toEqual([a.contentId, b.contentId]);
    expect([...src.get([b.contentId, 12345])]).toEqual([[b.contentId, new Float32Array([0, 0, 1])]]);
    expect([...src.iterate()].map((r) => r.id)).toEqual([a.contentId, b.contentId]);
    expect(cat.vectors.source('images', 'm2').ids()).toEqual([a.contentId]);
    expect(cat.vectors.getImage('m1', a.contentId)![1]).toBeCloseTo(0.8, 6);
    // overwrite is an update, not a second row
    cat.vectors.putImages('m1', [{ contentId: a.contentId, vector: [1, 0, 0] }]);
    expect(src.count()).toBe(2);
  });

  it('pins a model dimension and rejects other sizes, non-finite values, all-or-nothing', () => {
    const cat = setup();
    const a = addFile(cat, '/p', '/p/a.jpg');
    const b = addFile(cat, '/p', '/p/b.jpg');
    cat.vectors.putImages('m', [{ contentId: a.contentId, vector: [1, 0, 0] }]);
    expect(() => cat.vectors.putImages('m', [{ contentId: b.contentId, vector: [1, 0] }])).toThrowError(
      expect.objectContaining({ kind: 'model-invalid', message: expect.stringMatching(/stores 3-dimensional vectors; refusing a 2-dimensional/) }),
    );
    expect(() =>
      cat.vectors.putImages('m', [
        { contentId: b.contentId, vector: [0, 1, 0] },
        { contentId: a.contentId, vector: [0, NaN, 0] },
      ]),
    ).toThrowError(expect.objectContaining({ kind: 'model-invalid' }));
    expect(cat.vectors.getImage('m', b.contentId)).toBeUndefined(); // the batch rolled back
  });

  it('lists work missing for a model and drops a model', () => {
    const cat = setup();
    const a = addFile(cat, '/p', '/p/a.jpg');
    const b = addFile(cat, '/p', '/p/b.jpg');
    const d = addFile(cat, '/p', '/p/d.pdf', { kind: 'document' });
    const { ids } = cat.chunks.replace(d.contentId, 'text', [
      { seq: 0, charStart: 0, charEnd: 1, text: 'a' },
      { seq: 1, charStart: 1, charEnd: 2, text: 'b' },
    ]);
    cat.ocr.replace(a.contentId, [{ text: 'ocr text', score: 1, box: [] }]); // OCR passages are not embedded
    cat.vectors.putImages('m', [{ contentId: a.contentId, vector: [1, 0] }]);
    cat.vectors.putChunks('m', [{ chunkId: ids[0]!, vector: [0, 1] }]);
    expect(cat.vectors.imageContentsMissing('m')).toEqual([b.contentId]);
    expect(cat.vectors.chunksMissing('m')).toEqual([ids[1]]);
    expect(cat.vectors.imageContentsMissing('other')).toEqual([a.contentId, b.contentId]);
    expect(cat.vectors.getChunk('m', ids[0]!)).toEqual(new Float32Array([0, 1]));
    cat.vectors.deleteModel('m');
    expect(cat.vectors.modelDim('m')).toBeNull();
    expect(cat.vectors.source('chunks', 'm').count()).toBe(0);
  });

  it('deleting a chunk or content cascades to its vectors', () => {
    const cat = setup();
    const d = addFile(cat, '/p', '/p/d.pdf', { kind: 'document' });
    const { ids } = cat.chunks.replace(d.contentId, 'text', [{ seq: 0, charStart: 0, charEnd: 1, text: 'a' }]);
    cat.vectors.putChunks('m', [{ chunkId: ids[0]!, vector: [1, 0] }]);
    const r = cat.chunks.replace(d.contentId, 'text', []);
    expect(r.removedIds).toEqual(ids);
    expect(cat.vectors.source('chunks', 'm').count()).toBe(0);
  });
});
