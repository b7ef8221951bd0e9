// Text in images: after embedding, the OCR pass reads rendered text so keyword search finds the
// picture, with the recognised line as snippet; photos without text are marked done cheaply.
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const lib = tempDir('glimpse-ocr-lib-');
let t: Awaited<ReturnType<typeof openTestEngine>>;

beforeAll(async () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"><rect width="100%" height="100%" fill="white"/>
    <text x="40" y="130" font-family="DejaVu Sans, Arial, sans-serif" font-size="72" fill="black">INVOICE 7731</text>
    <text x="40" y="230" font-family="DejaVu Sans, Arial, sans-serif" font-size="48" fill="black">Total due 42 EUR</text></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toFile(join(lib.path, 'scan-0001.jpg'));
  const photos = readdirSync(join(evalDir, 'flickr8k-test1k/images')).sort().slice(0, 3);
  for (const p of photos) copyFileSync(join(evalDir, 'flickr8k-test1k/images', p), join(lib.path, p));
  t = await openTestEngine();
  internals(t.engine).library.add(lib.path);
  await t.engine.indexNow();
}, 300_000);
afterAll(async () => {
  await t.cleanup();
  lib.cleanup();
});

describe('OCR pass', () => {
  it('reads text in images into the keyword index', async () => {
    const res = await t.engine.search({ query: 'invoice', filters: { type: 'image' } });
    expect(res.results[0]?.name).toBe('scan-0001.jpg');
    expect(res.results[0]!.matchedBy).toContain('keyword');
    expect(res.results[0]!.snippet?.toLowerCase()).toContain('invoice');
    const quoted = await t.engine.search({ query: '"42 EUR"' });
    expect(quoted.results.map((r) => r.name)).toEqual(['scan-0001.jpg']);
  });

  it('marks every image as read, with boxes for the lines found', () => {
    expect(internals(t.engine).catalog.imageMeta.ocrBacklog()).toBe(0);
    const f = internals(t.engine).catalog.files.getByPath(join(lib.path, 'scan-0001.jpg'))!;
    const lines = internals(t.engine).catalog.ocr.forContent(f.contentId!);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect((lines[0]!.box as number[][]).length).toBe(4);
  });
});
