// The text tower's ORT-format copy (models/ort-format-cache.ts): written on the first open, used
// on the next with the same embeddings, dropped when it is damaged or the model file changes.
import { cpSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { fixturesDir, tempDir, tinyPackDir } from '../../helpers/paths';

const tmp = tempDir('glimpse-ort-cache-');
afterAll(() => tmp.cleanup());
const TEXTS = ['a photo of a dog', '海边的日落', 'quarterly report'];

async function embedWith(packDir: string, cacheDir: string): Promise<{ vectors: Float32Array[]; fromCopy: boolean }> {
  const e = await ClipEmbedder.open(loadPack(packDir), { providers: ['cpu'], ortCacheDir: cacheDir });
  try {
    return { vectors: await e.embedTexts(TEXTS), fromCopy: (e as unknown as { textBytes: Buffer | null }).textBytes !== null };
  } finally {
    await e.close();
  }
}

describe('ORT-format copy of the text tower', () => {
  it('is written on the first open and used on the next, with the same embeddings as without it', async () => {
    const cache = join(tmp.path, 'a');
    const plain = await ClipEmbedder.open(loadPack(tinyPackDir), { providers: ['cpu'] });
    const want = await plain.embedTexts(TEXTS);
    await plain.close();
    const first = await embedWith(tinyPackDir, cache);
    expect(first.fromCopy).toBe(false);
    expect(readdirSync(cache).filter((f) => f.endsWith('.ort'))).toHaveLength(1);
    const second = await embedWith(tinyPackDir, cache);
    expect(second.fromCopy).toBe(true);
    for (let i = 0; i < TEXTS.length; i++) {
      expect(cosine(first.vectors[i]!, want[i]!)).toBeGreaterThan(0.99999);
      expect(cosine(second.vectors[i]!, want[i]!)).toBeGreaterThan(0.99999);
    }
  });

  it.each(['tiny-clip-static', 'tiny-clip-uint8', 'tiny-mclip-static', 'tiny-siglip-static'])('%s (Immich 2025 export): the copy gives the .onnx embeddings', async (name) => {
    const packDir = join(fixturesDir, 'immich-packs-2025', name);
    const cache = join(tmp.path, name);
    const plain = await ClipEmbedder.open(loadPack(packDir), { providers: ['cpu'] });
    const want = await plain.embedTexts(TEXTS);
    await plain.close();
    await embedWith(packDir, cache);
    const again = await embedWith(packDir, cache);
    expect(again.fromCopy).toBe(true);
    for (let i = 0; i < TEXTS.length; i++) expect(cosine(again.vectors[i]!, want[i]!)).toBeGreaterThan(0.99999);
  });

  it('a damaged copy is deleted and the .onnx used; a changed model file gets a new copy and the old one goes', async () => {
    const cache = join(tmp.path, 'b');
    const pack = join(tmp.path, 'pack');
    cpSync(tinyPackDir, pack, { recursive: true });
    await embedWith(pack, cache);
    const [copy] = readdirSync(cache);
    writeFileSync(join(cache, copy!), 'not an ORT model');
    const damaged = await embedWith(pack, cache);
    expect(damaged.fromCopy).toBe(false);
    expect(readdirSync(cache)).toHaveLength(1); // written again
    expect((await embedWith(pack, cache)).fromCopy).toBe(true);
    utimesSync(join(pack, 'textual', 'model.onnx'), new Date(), new Date(Date.now() + 5000));
    const changed = await embedWith(pack, cache);
    expect(changed.fromCopy).toBe(false);
    const after = readdirSync(cache);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(copy);
  });
});
