// Search over real indexes with the tiny pack: similar returns the image itself first on all of
// caltech101-5pc, near-duplicates find their original, file-name keywords win, filters and date
// sort hold, and the cut-off works on real embeddings.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const caltech = join(evalDir, 'caltech101-5pc');
const extra = tempDir('glimpse-search-extra-');
let t: Awaited<ReturnType<typeof openTestEngine>>;

beforeAll(async () => {
  // A folder with a known file name and photos with EXIF dates, GPS and cameras.
  mkdirSync(join(extra.path, 'exif'), { recursive: true });
  const photos = readdirSync(join(caltech, 'images')).sort();
  copyFileSync(join(caltech, 'images', photos[7]!), join(extra.path, 'IMG_2041.jpg'));
  for (const sub of ['exif_cameras', 'exif_gps']) {
    for (const f of readdirSync(join(evalDir, 'robustness', sub))) copyFileSync(join(evalDir, 'robustness', sub, f), join(extra.path, 'exif', `${sub}-${f}`));
  }
  t = await openTestEngine();
  internals(t.engine).library.add(caltech);
  internals(t.engine).library.add(extra.path);
  await t.engine.indexNow();
}, 300_000);
afterAll(async () => {
  await t.cleanup();
  extra.cleanup();
});

describe('similar', () => {
  it('returns the image itself first for every caltech image', async () => {
    const images = internals(t.engine).catalog.lookup.list({ limit: 10_000, filters: { type: 'image', folder: caltech } });
    expect(images.length).toBe(500);
    let self = 0;
    for (const img of images) {
      const res = await t.engine.similar({ image: { fileId: img.fileId }, k: 3, filters: { type: 'image' } });
      const first = res.results[0]!;
      const firstContent = internals(t.engine).catalog.files.get(first.id)!.contentId;
      if (first.id === img.fileId || firstContent === img.contentId) self++;
    }
    console.log(`similar: ${self}/500 return themselves first`);
    expect(self).toBe(500);
  });

  it('finds the original of a resized, re-encoded copy within the top 2 (and reports slightly cropped copies)', async () => {
    const images = internals(t.engine).catalog.lookup.list({ limit: 10_000, filters: { type: 'image', folder: caltech } });
    const sample = images.filter((_, i) => i % 5 === 0);
    const inTop2 = async (copy: Buffer, img: (typeof images)[number]) => {
      const res = await t.engine.similar({ image: { bytesBase64: copy.toString('base64') }, k: 2, filters: { type: 'image' } });
      return res.results.slice(0, 2).some((r) => r.id === img.fileId || internals(t.engine).catalog.files.get(r.id)!.contentId === img.contentId);
    };
    let resized = 0;
    let cropped = 0;
    for (const img of sample) {
      const meta = await sharp(img.path).metadata();
      const w = meta.width!, h = meta.height!;
      const copy = await sharp(img.path).resize(Math.round(w * 0.6)).jpeg({ quality: 70 }).toBuffer();
      if (await inTop2(copy, img)) resized++;
      const crop = await sharp(img.path)
        .extract({ left: Math.round(w * 0.03), top: Math.round(h * 0.03), width: Math.round(w * 0.94), height: Math.round(h * 0.94) })
        .resize(Math.round(w * 0.6))
        .jpeg({ quality: 70 })
        .toBuffer();
      if (await inTop2(crop, img)) cropped++;
    }
    console.log(`near-duplicates: resized+re-encoded ${resized}/${sample.length}, also 3%-cropped ${cropped}/${sample.length} originals in the top 2`);
    expect(resized).toBe(sample.length);
    expect(cropped).toBeGreaterThanOrEqual(Math.round(sample.length * 0.9));
  });

  it('refuses paths outside the watched folders and bad bytes', async () => {
    await expect(t.engine.similar({ image: { path: '/etc/hostname' }, k: 3 })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(t.engine.similar({ image: { bytesBase64: Buffer.from('hello').toString('base64') }, k: 3 })).rejects.toMatchObject({ kind: 'corrupt' });
  });
});

describe('hybrid text search', () => {
  it('puts the file named by a keyword first', async () => {
    for (const q of ['IMG_2041', '2041', 'img_2041.jpg']) {
      const res = await t.engine.search({ query: q });
      expect(res.results[0]?.name, q).toBe('IMG_2041.jpg');
      expect(res.results[0]!.matchedBy).toContain('keyword');
    }
  });

  it('uses the embedding for descriptive queries and marks the source of each match', async () => {
    const res = await t.engine.search({ query: 'a dog running on a beach at sunset', filters: { type: 'image' }, includeBelowCutoff: true });
    expect(res.results.length).toBeGreaterThan(10);
    expect(res.results.every((r) => r.matchedBy.includes('vector'))).toBe(true);
    expect(res.timings!.embedMs).toBeGreaterThanOrEqual(0);
  });

  it('quoted phrases force keyword matching', async () => {
    const res = await t.engine.search({ query: '"IMG_2041"' });
    expect(res.results.length).toBe(1);
    expect(res.results[0]!.matchedBy).toEqual(['keyword']);
  });

  it('filters by folder, date, GPS and camera, and sorts by date', async () => {
    const all = { includeBelowCutoff: true, pageSize: 500 } as const;
    const inExtra = await t.engine.search({ query: 'photo', filters: { type: 'image', folder: join(extra.path, 'exif') }, ...all });
    expect(inExtra.results.length).toBeGreaterThan(5);
    expect(inExtra.results.every((r) => r.path.startsWith(join(extra.path, 'exif')))).toBe(true);

    const gps = await t.engine.search({ query: 'photo', filters: { type: 'image', hasGps: true }, ...all });
    expect(gps.results.length).toBeGreaterThan(3);
    expect(gps.results.every((r) => r.lat !== null && r.lon !== null)).toBe(true);

    const dated = await t.engine.search({ query: 'photo', filters: { type: 'image', after: '2008-01-01', before: '2012-12-31' }, sort: 'date', ...all });
    expect(dated.results.length).toBeGreaterThan(1);
    for (const r of dated.results) {
      expect(r.takenAt! >= '2008-01-01').toBe(true);
      expect(r.takenAt! < '2013-01-01').toBe(true);
    }
    const dates = dated.results.map((r) => r.takenAt!);
    expect(dates).toEqual([...dates].sort().reverse());

    const anyCamera = gps.results.find((r) => r.camera)?.camera ?? dated.results.find((r) => r.camera)!.camera!;
    const cam = await t.engine.search({ query: 'photo', filters: { type: 'image', camera: anyCamera }, ...all });
    expect(cam.results.length).toBeGreaterThan(0);
    expect(cam.results.every((r) => r.camera?.includes(anyCamera))).toBe(true);
  });

  it('pages results with a total estimate', async () => {
    const p0 = await t.engine.search({ query: 'a photo', includeBelowCutoff: true, pageSize: 10, page: 0 });
    const p1 = await t.engine.search({ query: 'a photo', includeBelowCutoff: true, pageSize: 10, page: 1 });
    expect(p0.results.length).toBe(10);
    expect(p1.results.length).toBe(10);
    expect(new Set([...p0.results, ...p1.results].map((r) => r.id)).size).toBe(20);
  });

  it('rejects malformed requests with a clear error', async () => {
    await expect(t.engine.search({ query: '   ' })).rejects.toThrow(/query is empty/);
    await expect(t.engine.search({ query: 'x', filters: { type: 'all', after: '2020-13-45' } })).rejects.toThrow(/after/);
  });
});

describe('cut-off on real embeddings', () => {
  it('keeps a self match and folds the random background (tiny pack: random weights)', async () => {
    const img = internals(t.engine).catalog.lookup.list({ limit: 1, filters: { type: 'image', folder: caltech } })[0]!;
    const res = await t.engine.similar({ image: { fileId: img.fileId }, k: 200, filters: { type: 'image' } });
    expect(res.results[0]!.score).toBeGreaterThan(0.999);
    // Random-weight embeddings put most of the library in one blob: the cut-off must fold most of it.
    expect(res.belowCutoff).toBeGreaterThan(res.total);
    const raw = readFileSync(img.path);
    expect(raw.length).toBeGreaterThan(0);
  });
});
