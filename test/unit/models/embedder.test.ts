// The ONNX pipeline reproduces PyTorch's reference embeddings of the tiny CLIP fixture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { fixturesDir, tinyPackDir } from '../../helpers/paths';

interface Reference {
  images: { tensor: string; source: string; embedding: number[] }[];
  texts: { text: string; ids: number[]; embedding: number[] }[];
}
const ref = JSON.parse(readFileSync(join(tinyPackDir, 'reference-embeddings.json'), 'utf8')) as Reference;
let embedder: ClipEmbedder;

function readTensor(name: string): Float32Array {
  const buf = readFileSync(join(fixturesDir, 'preprocess-reference', name));
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

beforeAll(async () => {
  embedder = await ClipEmbedder.open(loadPack(tinyPackDir), { providers: ['cpu'], imageBatch: 4 });
});
afterAll(async () => embedder.close());

describe('ClipEmbedder on tiny-clip-immich', () => {
  it('reproduces reference image embeddings from the reference tensors (batched)', async () => {
    const out = await embedder.embedImageTensors(ref.images.map((i) => readTensor(i.tensor)));
    ref.images.forEach((img, i) => expect(cosine(out[i]!, Float32Array.from(img.embedding))).toBeGreaterThanOrEqual(0.99999));
  });

  it('reproduces reference text embeddings from the reference token ids and from raw text', async () => {
    const L = 77;
    const ids = new Int32Array(ref.texts.length * L);
    ref.texts.forEach((t, i) => ids.set(t.ids, i * L));
    const fromIds = await embedder.embedTokenIds(ids, new Int32Array(ids.length).fill(1), ref.texts.length);
    const fromText = await embedder.embedTexts(ref.texts.map((t) => t.text));
    ref.texts.forEach((t, i) => {
      expect(cosine(fromIds[i]!, Float32Array.from(t.embedding))).toBeGreaterThanOrEqual(0.99999);
      expect(cosine(fromText[i]!, Float32Array.from(t.embedding))).toBeGreaterThanOrEqual(0.99999);
    });
  });

  it('returns L2-normalised vectors of the configured dimension', async () => {
    const [v] = await embedder.embedTexts(['a photo of a dog']);
    expect(v!.length).toBe(32);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
  });

  it('batches: a batch of texts equals the same texts one by one', async () => {
    const texts = ref.texts.slice(0, 5).map((t) => t.text);
    const batch = await embedder.embedTexts(texts);
    for (let i = 0; i < texts.length; i++) {
      const [one] = await embedder.embedTexts([texts[i]!]);
      expect(cosine(batch[i]!, one!)).toBeGreaterThan(0.99999);
    }
  });
});
