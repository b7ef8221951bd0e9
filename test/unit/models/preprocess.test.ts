// Our sharp preprocessing against the open_clip/PIL reference tensors, and EXIF orientation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { modelSquareRgb, planGeometry, preprocessImage } from '../../../src/main/engine/models/preprocess';
import { decodedOnce, openImageSource } from '../../../src/main/engine/extract/image/image-source';
import { evalDir, fixturesDir, tinyPackDir } from '../../helpers/paths';

const pack = loadPack(tinyPackDir);
const index = JSON.parse(readFileSync(join(fixturesDir, 'preprocess-reference/index.json'), 'utf8')) as {
  images: { source: string; tensor: string; orig_size_after_exif: [number, number] }[];
};
let embedder: ClipEmbedder;
beforeAll(async () => {
  embedder = await ClipEmbedder.open(pack, { providers: ['cpu'] });
});
afterAll(async () => embedder.close());

function readTensor(name: string): Float32Array {
  const buf = readFileSync(join(fixturesDir, 'preprocess-reference', name));
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

describe('preprocessImage', () => {
  it('is close to the reference tensors and gives near-identical embeddings', async () => {
    const report: { source: string; mad: number; cos: number }[] = [];
    for (const img of index.images) {
      const ref = readTensor(img.tensor);
      const ours = await preprocessImage(join(evalDir, img.source), pack.preprocess);
      expect([ours.geometry.origWidth, ours.geometry.origHeight]).toEqual(img.orig_size_after_exif);
      let mad = 0;
      for (let i = 0; i < ref.length; i++) mad += Math.abs(ref[i]! - ours.tensor[i]!);
      const [a, b] = await embedder.embedImageTensors([ref, ours.tensor]);
      report.push({ source: img.source, mad: mad / ref.length, cos: cosine(a!, b!) });
    }
    console.table(report);
    for (const r of report) {
      expect(r.mad).toBeLessThan(0.01);
      expect(r.cos).toBeGreaterThanOrEqual(0.98);
    }
    expect(report.reduce((s, r) => s + r.cos, 0) / report.length).toBeGreaterThanOrEqual(0.995);
  });

  it('honours EXIF orientation: the 8 orientations of one photo give the same tensor', async () => {
    for (const stem of ['Landscape', 'Portrait']) {
      const base = await preprocessImage(join(evalDir, 'robustness/orientation', `${stem}_1.jpg`), pack.preprocess);
      for (let o = 2; o <= 8; o++) {
        const t = await preprocessImage(join(evalDir, 'robustness/orientation', `${stem}_${o}.jpg`), pack.preprocess);
        expect(t.geometry.origWidth).toBe(base.geometry.origWidth);
        let mad = 0;
        for (let i = 0; i < t.tensor.length; i++) mad += Math.abs(t.tensor[i]! - base.tensor[i]!);
        expect(mad / t.tensor.length).toBeLessThan(0.05);
      }
    }
  });

  it('plans shortest/squash/longest geometry like Immich (long side and crop offsets truncated)', () => {
    const cfg = { ...pack.preprocess };
    expect(planGeometry(512, 384, { ...cfg, resizeMode: 'shortest' })).toMatchObject({ resizedWidth: 298, resizedHeight: 224, cropLeft: 37, cropTop: 0 });
    expect(planGeometry(338, 512, { ...cfg, resizeMode: 'shortest' })).toMatchObject({ resizedWidth: 224, resizedHeight: 339, cropTop: 57 });
    // The geometry table of ../shared/fixtures/immich-packs-2025/README.md (305x280: 243.99999999999997 -> 243).
    const table: [number, number, number, number, number, number][] = [
      [360, 238, 338, 224, 57, 0],
      [240, 320, 224, 298, 0, 37],
      [700, 236, 664, 224, 220, 0],
      [90, 120, 224, 298, 0, 37],
      [305, 280, 243, 224, 9, 0],
      [301, 241, 279, 224, 27, 0],
      [224, 224, 224, 224, 0, 0],
    ];
    for (const [w, h, rw, rh, left, top] of table) {
      expect(planGeometry(w, h, { ...cfg, resizeMode: 'shortest' })).toMatchObject({ resizedWidth: rw, resizedHeight: rh, cropLeft: left, cropTop: top });
    }
    expect(planGeometry(512, 384, { ...cfg, resizeMode: 'squash' })).toMatchObject({ resizedWidth: 224, resizedHeight: 224 });
    expect(planGeometry(512, 256, { ...cfg, resizeMode: 'longest' })).toMatchObject({ resizedWidth: 224, resizedHeight: 112 });
  });

  it('squash and longest modes produce model-sized tensors', async () => {
    const src = join(evalDir, index.images[0]!.source);
    for (const resizeMode of ['squash', 'longest'] as const) {
      const t = await preprocessImage(src, { ...pack.preprocess, resizeMode });
      expect(t.tensor.length).toBe(3 * 224 * 224);
      expect(t.tensor.some(Number.isNaN)).toBe(false);
    }
  });

  it('an image already decoded at exactly the model size gives the same square as the libvips pipeline', async () => {
    // flickr8k-test1k photos are 224x224 JPEGs: indexing skips the resize pipeline for them.
    const dir = join(evalDir, 'flickr8k-test1k/images');
    const names = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().slice(0, 20);
    for (const name of names) {
      const data = readFileSync(join(dir, name));
      const decoded = await decodedOnce(await openImageSource(data), 768);
      expect([decoded.raw!.width, decoded.raw!.height, decoded.raw!.channels]).toEqual([224, 224, 3]);
      const fast = await modelSquareRgb(decoded, pack.preprocess);
      expect(fast.rgb.buffer).toBe(decoded.raw!.data.buffer); // the decoded pixels themselves
      const piped = await modelSquareRgb(data, pack.preprocess);
      expect(Buffer.compare(Buffer.from(fast.rgb), Buffer.from(piped.rgb))).toBe(0);
      expect(fast.geometry).toEqual(piped.geometry);
    }
    // Any other size still goes through the resize: a 640-wide photo decoded once is not the square.
    const other = await decodedOnce(await openImageSource(join(evalDir, index.images[0]!.source)), 768);
    const sq = await modelSquareRgb(other, pack.preprocess);
    expect(sq.rgb.length).toBe(224 * 224 * 3);
    expect(sq.rgb.buffer).not.toBe(other.raw!.data.buffer);
  });

  it('rejects a corrupt image with kind corrupt and unknown bytes with kind unsupported', async () => {
    const jpeg = readFileSync(join(evalDir, index.images[0]!.source));
    await expect(preprocessImage(jpeg.subarray(0, 300), pack.preprocess)).rejects.toMatchObject({ kind: 'corrupt' });
    await expect(preprocessImage(Buffer.from('not an image at all'), pack.preprocess)).rejects.toMatchObject({ kind: 'unsupported' });
  });

  it('decodes HEIC photos (HEVC) through libheif when libvips cannot', async () => {
    const t = await preprocessImage(join(evalDir, 'robustness/heic_heif_avif/IMG_5195.HEIC'), pack.preprocess);
    expect([t.geometry.origWidth, t.geometry.origHeight]).toEqual([2566, 3313]);
    expect(t.tensor.some(Number.isNaN)).toBe(false);
  });
});
