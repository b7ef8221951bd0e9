// Fixed-batch packs in the engine: a pool of worker sessions sharing the cores, each batch split
// between them; the vectors must come back complete and in order (equal to the references).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { modelSquareRgb } from '../../../src/main/engine/models/preprocess';
import { rgbToTensor } from '../../../src/main/engine/models/rgb-tensor';
import { poolShape } from '../../../src/main/engine/models/visual-pool';
import { immichPacksDir, references } from '../../helpers/immich-packs';

describe('visual session pool', () => {
  it('shares the cores between two sessions on 2+ cores, one session otherwise', () => {
    expect(poolShape(1)).toEqual({ sessions: 1, threadsEach: 1 });
    expect(poolShape(2)).toEqual({ sessions: 2, threadsEach: 1 });
    expect(poolShape(8)).toEqual({ sessions: 2, threadsEach: 4 });
    expect(poolShape(8, 2)).toEqual({ sessions: 2, threadsEach: 1 });
  });

  it('a fixed-batch pack in worker sessions embeds a batch completely and in order', async () => {
    const name = 'tiny-clip-uint8';
    const ref = references(name);
    const pack = loadPack(join(immichPacksDir, name), name);
    const embedder = await ClipEmbedder.open(pack, { providers: ['cpu'], visualInWorker: true, threads: 2 });
    try {
      const files = [...ref.images, ...ref.images.slice(0, 3)].map((im) => join(immichPacksDir, im.file)); // 9: an odd split
      const vectors = await embedder.embedImages(files);
      expect(vectors.length).toBe(9);
      vectors.forEach((v, i) => expect(cosine(v, Float32Array.from(ref.images[i % 6]!.embedding)), files[i]).toBeGreaterThanOrEqual(0.9999));
      const tensors = await Promise.all(files.slice(0, 5).map(async (f) => rgbToTensor((await modelSquareRgb(f, pack.preprocess)).rgb, 224, pack.preprocess)));
      const fromTensors = await embedder.embedImageTensors(tensors);
      fromTensors.forEach((v, i) => expect(cosine(v, vectors[i]!)).toBeGreaterThanOrEqual(0.99999));
    } finally {
      await embedder.close();
    }
  });
});
