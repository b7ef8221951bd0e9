// Thumbnails: small upright JPEGs are copied, others re-encoded to a 256 px WebP; a thumbnail
// folder deleted while the engine runs (cache cleared by hand) is made again, not an error.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodedOnce, openImageSource } from '../../../src/main/engine/extract/image/image-source';
import { writeThumbnail } from '../../../src/main/engine/extract/image/thumbnail';
import { evalDir, tempDir } from '../../helpers/paths';

const flickr = join(evalDir, 'flickr8k-test1k/images');
const photos = readdirSync(flickr).filter((f) => f.endsWith('.jpg')).sort().slice(0, 3).map((f) => join(flickr, f));
const dir = tempDir('glimpse-thumbs-');
afterAll(() => dir.cleanup());

describe('writeThumbnail', () => {
  it('copies a small upright JPEG and re-encodes a big image to a 256 px WebP', async () => {
    const small = await writeThumbnail(await openImageSource(photos[0]!), join(dir.path, 'ab', 'small.webp'), 256, { path: photos[0]!, orientation: 1 });
    expect(small.path.endsWith('small.jpg')).toBe(true);
    const big = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
    const out = await writeThumbnail(await decodedOnce(await openImageSource(big), 768), join(dir.path, 'ab', 'big.webp'));
    expect(out).toMatchObject({ width: 256, height: 171 });
    expect((await sharp(out.path).metadata()).format).toBe('webp');
  });

  it('makes the folder again when it was deleted after a first thumbnail went into it', async () => {
    const sub = join(dir.path, 'cd');
    await writeThumbnail(await openImageSource(photos[1]!), join(sub, 'one.webp'), 256, { path: photos[1]!, orientation: 1 });
    rmSync(dir.path, { recursive: true, force: true });
    const copied = await writeThumbnail(await openImageSource(photos[2]!), join(sub, 'two.webp'), 256, { path: photos[2]!, orientation: 1 });
    expect(existsSync(copied.path)).toBe(true);
    rmSync(sub, { recursive: true, force: true });
    const encoded = await writeThumbnail(await openImageSource(photos[2]!), join(sub, 'three.webp'));
    expect(existsSync(encoded.path)).toBe(true);
  });
});
