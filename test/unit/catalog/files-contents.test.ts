import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashBytes, hashFile } from '../../../src/main/engine/catalog/content-hash';
import { addFile, openTemp } from './helpers';

describe('files and contents', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function setup() {
    const t = openTemp();
    cleanups.push(t.cleanup);
    return t;
  }

  it('upsertScanned reports new / unchanged / modified and requeues a modified file', () => {
    const { cat } = setup();
    const folder = cat.folders.add('/p');
    const a = cat.files.upsertScanned({ folderId: folder.id, path: '/p/x/Photo.JPG', size: 10, mtimeMs: 1000.4, kind: 'image' });
    expect(a.change).toBe('new');
    expect(a.file).toMatchObject({ name: 'Photo.JPG', dir: '/p/x', ext: 'jpg', status: 'queued', mtimeMs: 1000 });
    cat.files.markIndexed(a.file.id);
    expect(cat.files.upsertScanned({ folderId: folder.id, path: '/p/x/Photo.JPG', size: 10, mtimeMs: 1000, kind: 'image' }).change).toBe('unchanged');
    expect(cat.files.get(a.file.id)!.status).toBe('indexed');
    const m = cat.files.upsertScanned({ folderId: folder.id, path: '/p/x/Photo.JPG', size: 11, mtimeMs: 2000, kind: 'image' });
    expect(m.change).toBe('modified');
    expect(m.file.status).toBe('queued');
  });

  it('dedupes identical bytes into one content row', () => {
    const { cat } = setup();
    const a = addFile(cat, '/p', '/p/a.jpg', { hash: 'h1' });
    const b = addFile(cat, '/p', '/p/copy of a.jpg', { hash: 'h1' });
    const c = addFile(cat, '/p', '/p/c.jpg', { hash: 'h2' });
    expect(b.contentId).toBe(a.contentId);
    expect(c.contentId).not.toBe(a.contentId);
    expect(cat.contents.fileCount(a.contentId)).toBe(2);
    expect(cat.files.byContent(a.contentId).map((f) => f.path)).toEqual(['/p/a.jpg', '/p/copy of a.jpg']);
    const second = cat.files.attachContent(b.fileId, { hash: 'h1', kind: 'image', bytes: 100 });
    expect(second).toEqual({ contentId: a.contentId, created: false, previousContentId: a.contentId });
  });

  it('rename keeps the file id, content and vectors (explicit rename)', () => {
    const { cat } = setup();
    const a = addFile(cat, '/p', '/p/old name.jpg', { hash: 'h1' });
    cat.vectors.putImages('m', [{ contentId: a.contentId, vector: [1, 0, 0] }]);
    const moved = cat.files.rename('/p/old name.jpg', '/p/sub/new name.jpg');
    expect(moved).toMatchObject({ id: a.fileId, contentId: a.contentId, name: 'new name.jpg', dir: '/p/sub', status: 'indexed' });
    expect(cat.files.getByPath('/p/old name.jpg')).toBeUndefined();
    expect(cat.vectors.getImage('m', a.contentId)).toEqual(new Float32Array([1, 0, 0]));
    expect(cat.keywords.search('new name').map((h) => h.fileId)).toEqual([a.fileId]);
    expect(cat.keywords.search('old', { nameSubstrings: false })).toEqual([]);
  });

  it('rename seen as delete + add (watcher) reuses the content: no new content, no inference', () => {
    const { cat } = setup();
    const a = addFile(cat, '/p', '/p/a.jpg', { hash: 'same-bytes' });
    cat.vectors.putImages('m', [{ contentId: a.contentId, vector: [0, 1] }]);
    cat.files.removeByPath('/p/a.jpg');
    const folder = cat.folders.getByPath('/p')!;
    const { file } = cat.files.upsertScanned({ folderId: folder.id, path: '/p/b.jpg', size: 100, mtimeMs: 1, kind: 'image' });
    const r = cat.files.attachContent(file.id, { hash: 'same-bytes', kind: 'image', bytes: 100 });
    expect(r).toMatchObject({ contentId: a.contentId, created: false });
    expect(cat.vectors.getImage('m', r.contentId)).toBeDefined();
  });

  it('gcOrphans removes contents without files and returns ids for the HNSW indexes', () => {
    const { cat } = setup();
    const a = addFile(cat, '/p', '/p/a.pdf', { hash: 'doc', kind: 'document' });
    const keep = addFile(cat, '/q', '/q/b.jpg', { hash: 'img' });
    const { ids } = cat.chunks.replace(a.contentId, 'text', [
      { seq: 0, page: 1, charStart: 0, charEnd: 5, text: 'hello' },
      { seq: 1, page: 2, charStart: 5, charEnd: 10, text: 'world' },
    ]);
    cat.imageMeta.setThumbnail(keep.contentId, '/thumbs/img.webp');
    expect(cat.contents.gcOrphans()).toEqual({ contentIds: [], chunkIds: [], thumbnailPaths: [] });
    expect(cat.folders.remove('/p')).toEqual({ folderId: expect.any(Number), files: 1 });
    const sweep = cat.contents.gcOrphans();
    expect(sweep.contentIds).toEqual([a.contentId]);
    expect(sweep.chunkIds.sort()).toEqual([...ids].sort());
    expect(cat.chunks.forContent(a.contentId)).toEqual([]);
    expect(cat.contents.get(keep.contentId)).toBeDefined();
    expect(cat.keywords.search('hello')).toEqual([]);
  });

  it('removing an unknown folder is a not-found error', () => {
    const { cat } = setup();
    expect(() => cat.folders.remove('/nope')).toThrowError(expect.objectContaining({ kind: 'not-found' }));
  });

  it('folders.containing finds the deepest watched folder', () => {
    const { cat } = setup();
    cat.folders.add('/a');
    cat.folders.add('/a/b');
    expect(cat.folders.containing('/a/b/c.jpg')?.path).toBe('/a/b');
    expect(cat.folders.containing('/a/bc.jpg')?.path).toBe('/a');
    expect(cat.folders.containing('/ab/c.jpg')).toBeUndefined();
  });

  it('counts per status and kind, and last errors newest first', () => {
    const { cat } = setup();
    addFile(cat, '/p', '/p/1.jpg');
    addFile(cat, '/p', '/p/2.pdf', { kind: 'document' });
    const f3 = addFile(cat, '/p', '/p/3.jpg', { status: 'queued' });
    const f4 = addFile(cat, '/p', '/p/4.pdf', { kind: 'document', status: 'queued' });
    const f5 = addFile(cat, '/p', '/p/5.pdf', { kind: 'document', status: 'queued' });
    cat.files.markFailed(f3.fileId, 'corrupt', 'not a JPEG');
    cat.files.markFailed(f4.fileId, 'password-protected', 'PDF is encrypted');
    cat.files.markSkipped(f5.fileId, 'too-large', 'over 200 MB');
    expect(cat.files.countsByStatus()).toEqual({ queued: 0, indexed: 2, failed: 2, skipped: 1 });
    expect(cat.files.countsByKind()).toEqual({ image: 2, document: 3 });
    expect(cat.files.countsByKind('indexed')).toEqual({ image: 1, document: 1 });
    const errs = cat.files.lastErrors(10);
    expect(errs.map((e) => [e.path, e.kind, e.message])).toEqual([
      ['/p/4.pdf', 'password-protected', 'PDF is encrypted'],
      ['/p/3.jpg', 'corrupt', 'not a JPEG'],
    ]);
    expect(cat.files.get(f3.fileId)!.attempts).toBe(1);
    cat.files.markIndexed(f3.fileId);
    expect(cat.files.get(f3.fileId)).toMatchObject({ status: 'indexed', errorKind: null, errorMessage: null });
  });

  it('hashFile streams SHA-256 and matches hashBytes', async () => {
    const { dir } = setup();
    const p = join(dir, 'x.bin');
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, 0xab);
    writeFileSync(p, data);
    const h = await hashFile(p);
    expect(h).toEqual({ hash: hashBytes(data), bytes: data.length });
    expect(h.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('image meta, thumbnails and OCR lines round-trip', () => {
    const { cat } = setup();
    const a = addFile(cat, '/p', '/p/a.jpg');
    cat.imageMeta.set(a.contentId, { takenAt: '2023-07-14T10:22:03', camera: 'Canon EOS R5', lat: 48.85, lon: 2.35, width: 4000, height: 3000, orientation: 6 });
    expect(cat.imageMeta.get(a.contentId)).toEqual({
      takenAt: '2023-07-14T10:22:03', camera: 'Canon EOS R5', lens: null, keywords: null, lat: 48.85, lon: 2.35, width: 4000, height: 3000, orientation: 6,
    });
    cat.imageMeta.setThumbnail(a.contentId, '/t/a.webp');
    cat.imageMeta.setThumbnail(a.contentId, '/t/a2.webp');
    expect(cat.imageMeta.thumbnail(a.contentId)).toBe('/t/a2.webp');
    const r = cat.ocr.replace(a.contentId, [
      { text: 'TOTAL 42.00', score: 0.97, box: [[0, 0], [10, 0], [10, 5], [0, 5]] },
      { text: 'Merci', score: 0.9, box: [[0, 6], [10, 6], [10, 9], [0, 9]] },
    ]);
    expect(r.chunkId).toBeGreaterThan(0);
    expect(cat.ocr.forContent(a.contentId).map((l) => [l.text, l.box])).toEqual([
      ['TOTAL 42.00', [[0, 0], [10, 0], [10, 5], [0, 5]]],
      ['Merci', [[0, 6], [10, 6], [10, 9], [0, 9]]],
    ]);
    const again = cat.ocr.replace(a.contentId, []);
    expect(again).toEqual({ chunkId: null, removedChunkIds: [r.chunkId] });
  });
});
