// The four packs made the way Immich's current exporter makes them (../shared/fixtures/
// immich-packs-2025: fixed batch 1, int32 ids, a uint8-input graph, SigLIP text cleaning, M-CLIP):
// imported through the pack store, then every reference text (ids and embedding) and image (resized
// pixels' sha256 and embedding) reproduced by our own pipeline, in batches the graphs cannot take
// in one run.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { PackStore } from '../../../src/main/engine/models/pack-store';
import { modelSquareRgb } from '../../../src/main/engine/models/preprocess';
import { immichPacksDir, PACKS, references } from '../../helpers/immich-packs';
import { tempDir } from '../../helpers/paths';

const data = tempDir('glimpse-immich-packs-');
afterAll(() => data.cleanup());
const store = new PackStore(join(data.path, 'models'));

describe.each(PACKS)('Immich 2025 pack %s', (name) => {
  const ref = references(name);
  let embedder: ClipEmbedder;

  it('imports, and the session signatures are read from the graphs', async () => {
    await store.import(join(immichPacksDir, name), name);
    const pack = loadPack(join(data.path, 'models', name), name);
    embedder = await ClipEmbedder.open(pack, { providers: ['cpu'] });
    expect(embedder.textSignature.fixedBatch).toBe(1);
    expect(embedder.textSignature.idType).toBe('int32');
    expect(embedder.textSignature.style).toBe(name === 'tiny-mclip-static' ? 'mclip' : 'clip');
    expect(pack.family).toBe(name === 'tiny-siglip-static' ? 'siglip' : name === 'tiny-mclip-static' ? 'mclip' : 'clip');
    const visual = await embedder.visual();
    expect(visual.signature).toMatchObject({ fixedBatch: 1, pixels: name === 'tiny-clip-uint8' ? 'uint8' : 'float', size: 224 });
  });

  it('tokenises all 45 reference texts to the reference ids (cleaning, padding, truncation)', () => {
    const wrong: string[] = [];
    for (const t of ref.texts) {
      const enc = embedder.tokenizer.encodeBatch([t.text]);
      expect(embedder.tokenizer.prepare(t.text)).toBe(t.cleaned);
      const ids = Array.from(enc.ids);
      if (JSON.stringify(ids) !== JSON.stringify(t.text_ids ?? t.input_ids)) wrong.push(t.id);
      if (t.attention_mask) expect(Array.from(enc.attentionMask), t.id).toEqual(t.attention_mask);
    }
    expect(wrong).toEqual([]);
  });

  it('embeds all 45 texts in one call with cosine >= 0.9999 to the PyTorch references', async () => {
    const vectors = await embedder.embedTexts(ref.texts.map((t) => t.text));
    const cos = vectors.map((v, i) => cosine(v, Float32Array.from(ref.texts[i]!.embedding)));
    console.log(`${name}: texts min cosine ${Math.min(...cos).toFixed(8)}`);
    expect(Math.min(...cos)).toBeGreaterThanOrEqual(0.9999);
  });

  it('resizes every reference image to the reference pixels and embeds all 6 with cosine >= 0.9999', async () => {
    const pack = embedder.pack;
    for (const im of ref.images) {
      const { rgb } = await modelSquareRgb(join(immichPacksDir, im.file), pack.preprocess);
      expect(createHash('sha256').update(rgb).digest('hex'), im.file).toBe(im.resized_rgb_u8.sha256);
    }
    const vectors = await embedder.embedImages(ref.images.map((im) => join(immichPacksDir, im.file)));
    const cos = vectors.map((v, i) => cosine(v, Float32Array.from(ref.images[i]!.embedding)));
    console.log(`${name}: images min cosine ${Math.min(...cos).toFixed(8)}`);
    expect(Math.min(...cos)).toBeGreaterThanOrEqual(0.9999);
    // Float tensors (query images, explanations) reach the same vectors through the same graph.
    const { rgb } = await modelSquareRgb(join(immichPacksDir, ref.images[0]!.file), pack.preprocess);
    const { rgbToTensor } = await import('../../../src/main/engine/models/rgb-tensor');
    const [fromTensor] = await embedder.embedImageTensors([rgbToTensor(rgb, 224, pack.preprocess), rgbToTensor(rgb, 224, pack.preprocess)]);
    expect(cosine(fromTensor!, vectors[0]!)).toBeGreaterThanOrEqual(0.99999);
    await embedder.close();
  });
});
