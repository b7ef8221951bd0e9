// A file swapped between its hash and its decode (another photo renamed over it) must not store
// the new photo's pixels under the old bytes' content: files over 1 MB are hashed and decoded in
// two reads, so the indexer checks the file is still the one it hashed and otherwise starts over.
// The swap lands deterministically: the target is the oldest file, so it is decoded last in its
// batch, and it is renamed over as soon as the batch's hashes are recorded.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, renameSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const lib = tempDir('glimpse-swap-');
let t: Awaited<ReturnType<typeof openTestEngine>>;
const target = join(lib.path, 'target.png');
const replacement = join(lib.path, 'replacement.png.tmp'); // not an indexed extension until renamed
const twin = join(lib.path, 'twin.png');

/** A noise PNG of ~4 MB: big enough to be hashed and decoded in two reads, slow to decode. */
async function noisePng(path: string, side = 1200): Promise<void> {
  await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 1 }).toFile(path);
}

beforeAll(async () => {
  for (let i = 0; i < 10; i++) await noisePng(join(lib.path, `noise-${i}.png`));
  await noisePng(target);
  await noisePng(replacement);
  copyFileSync(replacement, twin);
  const old = new Date(2001, 0, 1);
  utimesSync(target, old, old); // claimed last in the batch (newest first), so decoded last
  t = await openTestEngine({ ocr: false });
  internals(t.engine).library.add(lib.path);
}, 120_000);
afterAll(async () => {
  await t.cleanup();
  lib.cleanup();
});

describe('a file swapped while it is read', () => {
  it('ends up with the content (and vector) of the bytes now on disk', async () => {
    const indexing = t.engine.indexNow();
    let swapped = false;
    while (!swapped) {
      const row = internals(t.engine).catalog.files.getByPath(target);
      if (row?.contentId) {
        renameSync(replacement, target);
        swapped = true;
      } else await new Promise((r) => setImmediate(r));
    }
    await indexing;
    const after = internals(t.engine).catalog.files.getByPath(target)!;
    const twinRow = internals(t.engine).catalog.files.getByPath(twin)!;
    const hashNow = createHash('sha256').update(readFileSync(target)).digest('hex');
    const stored = internals(t.engine).catalog.db.prepare('SELECT hash FROM contents WHERE id = ?').get(after.contentId) as { hash: string };
    console.log(`swap while read: target ${after.status}, content ${stored.hash === hashNow ? 'matches' : 'does NOT match'} the bytes on disk`);
    expect(after.status).toBe('indexed');
    expect(stored.hash).toBe(hashNow);
    expect(after.contentId).toBe(twinRow.contentId);
    expect(internals(t.engine).catalog.vectors.getImage('tiny-clip-immich', after.contentId!)).toBeDefined();
  }, 120_000);
});
