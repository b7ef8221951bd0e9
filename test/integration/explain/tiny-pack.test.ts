// The explainer on the real tiny CLIP fixture with the real embedder: text and image queries, both
// methods, the transformed patch model made on first use, and scores that agree with what the
// search index would compute for the same (query, image) pair.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExplainResponse } from '../../../src/shared/contract';
import { Explainer } from '../../../src/main/engine/explain/explainer';
import { toExplainResponse } from '../../../src/main/engine/explain/response';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';

const TINY = '/work/shared/fixtures/tiny-clip-immich';
const PHOTO = '/work/shared/eval/robustness/exif_gps/DSCN0010.jpg';
const ROTATED = '/work/shared/eval/robustness/orientation/Portrait_6.jpg';

const tmp = mkdtempSync(join(tmpdir(), 'glimpse-explain-tiny-'));
const pack = loadPack(TINY);
let embedder: ClipEmbedder;
let ex: Explainer;

beforeAll(async () => {
  embedder = await ClipEmbedder.open(pack, { providers: ['cpu'] });
  ex = new Explainer({ pack, queryEncoder: embedder, cacheDir: join(tmp, 'cache'), patchModelDir: join(tmp, 'patch'), providers: ['cpu'] });
});
afterAll(async () => {
  await ex.close();
  await embedder.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('explain with the tiny CLIP pack', () => {
  it('auto picks patch similarity through the transformed graph; the score is the index cosine', async () => {
    const res = await ex.explainMatch({ target: PHOTO, query: { text: 'a red car parked on a street' } });
    expect(res.method).toBe('patch');
    expect((await ex.patchStatus()).ok).toBe(true);
    expect([res.width, res.height]).toEqual([640, 480]);
    expect(res.grid.length).toBe(32);
    expect(res.grid[0]!.length).toBe(43);
    const [img] = await embedder.embedImages([PHOTO]);
    const [txt] = await embedder.embedTexts(['a red car parked on a street']);
    expect(res.score).toBeCloseTo(cosine(img!, txt!), 4);
    // Per-patch cosines spread around the pooled one; the grid is normalised to [0,1].
    expect(res.range.max).toBeGreaterThan(res.range.min);
    expect(Math.max(...res.grid.flat())).toBeCloseTo(1, 1);
    const meta = await sharp(res.overlayPng).metadata();
    expect([meta.width, meta.height, meta.channels, meta.format]).toEqual([640, 480, 4, 'png']);
    // What the engine returns over IPC/HTTP satisfies the contract.
    const wire = ExplainResponse.parse(toExplainResponse(res));
    expect(Buffer.from(wire.overlayPngBase64, 'base64').equals(res.overlayPng)).toBe(true);
  });

  it('occlusion on a text query fits its budget and reports its mask count', async () => {
    const res = await ex.explainMatch({ target: PHOTO, query: { text: 'a bicycle' }, method: 'occlusion', budgetMs: 600 });
    expect(res.method).toBe('occlusion');
    expect(res.masks!).toBeGreaterThanOrEqual(16);
    expect(res.masks!).toBeLessThan(2048); // stopped by the budget, not the cap
    expect(res.tookMs).toBeLessThan(600 * 3 + 500); // wide (shared CI cores); 2048 masks take several s
    expect(res.range.max).toBeGreaterThan(0);
    expect(res.range.min).toBeLessThan(0);
  });

  it('image -> image on an EXIF-rotated photo: oriented size, portrait grid, cached on repeat', async () => {
    const first = await ex.explainMatch({ target: ROTATED, query: { image: PHOTO }, method: 'patch' });
    expect([first.width, first.height]).toEqual([341, 512]); // stored 512x341, EXIF Rotate 90 CW
    expect(first.grid.length).toBeGreaterThan(first.grid[0]!.length);
    const [a, b] = await embedder.embedImages([ROTATED, PHOTO]);
    expect(first.score).toBeCloseTo(cosine(a!, b!), 4);
    const again = await ex.explainMatch({ target: ROTATED, query: { image: PHOTO }, method: 'patch' });
    expect(again.cached).toBe(true);
    expect(again.grid).toEqual(first.grid);
  });
});
