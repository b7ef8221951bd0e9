// The OCR engine end to end on images rendered here from SVG text (real PaddleOCR models, in-thread
// engine): plain, EXIF-rotated, tilted, vertical and transparent text, images without text, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { GlimpseError } from '../../../src/shared/errors';
import { createLocalOcrEngine, linesToText, type OcrEngine, type OcrResult } from '../../../src/main/engine/extract/ocr/index';

const text = (body: string, size = 96) =>
  `<text x="40" y="180" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${size}" font-weight="bold" fill="black" ${body}>GLIMPSE 2041</text>`;
const svg = (inner: string, w = 900, h = 300, background = true) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${background ? '<rect width="100%" height="100%" fill="white"/>' : ''}${inner}</svg>`,
  );

/** All text of a result without spaces, upper case: the detector may split words into boxes. */
const squashed = (r: OcrResult) => linesToText(r.lines).replace(/\s+/g, '').toUpperCase();

let engine: OcrEngine;
beforeAll(async () => {
  engine = await createLocalOcrEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('OCR on rendered text', () => {
  it('renders text at all (fonts are installed), so the checks below mean something', async () => {
    const stats = await sharp(svg(text(''))).stats();
    expect(stats.channels[0]!.min).toBeLessThan(50);
  });

  it('reads "GLIMPSE 2041" with boxes around the words', async () => {
    const png = await sharp(svg(text(''))).png().toBuffer();
    const r = await engine.ocr(png);
    expect(r.skipped).toBe(false);
    expect([r.width, r.height]).toEqual([900, 300]);
    expect(squashed(r)).toBe('GLIMPSE2041');
    for (const l of r.lines) {
      expect(l.score).toBeGreaterThan(0.8);
      expect(l.box).toHaveLength(4);
      for (const [x, y] of l.box) {
        expect(x).toBeGreaterThanOrEqual(20);
        expect(x).toBeLessThanOrEqual(880);
        expect(y).toBeGreaterThanOrEqual(80);
        expect(y).toBeLessThanOrEqual(210);
      }
    }
  });

  it('honours EXIF orientation: boxes are in the upright image', async () => {
    // Store the pixels turned 90 degrees and tag orientation 6 so viewers turn them back upright.
    const upright = await sharp(svg(text(''))).png().toBuffer();
    const stored = await sharp(upright).rotate(-90).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([300, 900, 6]);
    const r = await engine.ocr(stored);
    expect([r.width, r.height]).toEqual([900, 300]);
    expect(squashed(r)).toBe('GLIMPSE2041');
    const first = r.lines[0]!.box;
    expect(first[1]![0] - first[0]![0]).toBeGreaterThan(first[3]![1] - first[0]![1]); // wider than tall: horizontal
  });

  it('reads a tilted line and returns a tilted box', async () => {
    const r = await engine.ocr(await sharp(svg(text('transform="rotate(6 450 150)"'))).png().toBuffer());
    expect(squashed(r)).toBe('GLIMPSE2041');
    const b = r.lines[0]!.box;
    const angle = (Math.atan2(b[1]![1] - b[0]![1], b[1]![0] - b[0]![0]) * 180) / Math.PI;
    expect(angle).toBeGreaterThan(3);
    expect(angle).toBeLessThan(9);
  });

  it('reads vertical text running bottom to top', async () => {
    const r = await engine.ocr(await sharp(svg(text('transform="rotate(-90 450 450)"'), 300, 900)).png().toBuffer());
    expect(squashed(r)).toBe('GLIMPSE2041');
    const b = r.lines[0]!.box;
    expect(b[0]![1]).toBeGreaterThan(b[1]![1]); // the text starts at the bottom
  });

  it('reads dark text on a transparent background', async () => {
    const r = await engine.ocr(await sharp(svg(text(''), 900, 300, false)).png().toBuffer());
    expect(squashed(r)).toBe('GLIMPSE2041');
  });

  it('reads upside-down text when the direction classifier is on', async () => {
    const down = await sharp(svg(text(''))).rotate(180).png().toBuffer();
    const withCls = await createLocalOcrEngine({ angleClassifier: true });
    try {
      const r = await withCls.ocr(down);
      expect(linesToText(r.lines).replace(/\n/g, ' ')).toBe('GLIMPSE 2041');
      const b = r.lines[0]!.box;
      expect(b[0]![0]).toBeGreaterThan(b[1]![0]); // the box reads right to left on the image
      // Upright text stays as it is.
      expect(squashed(await withCls.ocr(await sharp(svg(text(''))).png().toBuffer()))).toBe('GLIMPSE2041');
    } finally {
      await withCls.close();
    }
  });

  it('skips recognition on a photo without text', async () => {
    const r = await engine.ocr('/work/shared/eval/flickr8k-test1k/images/1056338697_4f7d7ce270.jpg');
    expect(r).toMatchObject({ lines: [], skipped: true, recognizeMs: 0, width: 224, height: 224 });
  });

  it('rejects corrupt and missing images with GlimpseErrors', async () => {
    const png = await sharp(svg(text(''))).png().toBuffer();
    await expect(engine.ocr(png.subarray(0, 40))).rejects.toMatchObject({ name: 'GlimpseError', kind: 'corrupt' });
    await expect(engine.ocr(Buffer.from('not an image at all'))).rejects.toMatchObject({ kind: 'unsupported' });
    await expect(engine.ocr(Buffer.alloc(0))).rejects.toBeInstanceOf(GlimpseError);
    await expect(engine.ocr('/nonexistent/dir/photo.jpg')).rejects.toMatchObject({ kind: 'not-found' });
    // The engine still works after bad input.
    expect(squashed(await engine.ocr(png))).toBe('GLIMPSE2041');
  });
});
