// Masks, patch grids and upsampling must line up with the image as the user sees it, i.e. after EXIF
// orientation. (1) A red square on grey saved in all 8 EXIF orientations: both methods put the peak on
// the square in the oriented frame. (2) The robustness set's Landscape_1..8 / Portrait_1..8 (one photo
// each, stored rotated/mirrored with the matching EXIF tag): heatmaps agree across the 8 files, and
// clearly disagree with a mirrored copy (so the check can tell a wrong orientation apart).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Explainer } from '../../../src/main/engine/explain/explainer';
import { gridPeak } from '../../../src/main/engine/explain/heat-map';
import { constructedPack, vitLikeModel } from '../../unit/explain/onnx-builders';

const ORIENT = '/work/shared/eval/robustness/orientation';
const tmp = mkdtempSync(join(tmpdir(), 'glimpse-explain-orient-'));
let ex: Explainer;

beforeAll(async () => {
  // A content-driven model: per-patch tokens are an affine map of the patch's mean colour.
  ex = new Explainer({ pack: constructedPack(tmp, 'vit', vitLikeModel('native-patch', 12, 6), 6), cacheDir: null, inWorker: false });
  await ex.ready();
});
afterAll(async () => {
  await ex.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** How each EXIF orientation's stored pixels are made from the upright picture (checked below). */
const toStored: Record<number, (s: Sharp) => Sharp> = {
  1: (s) => s,
  2: (s) => s.flop(),
  3: (s) => s.rotate(180),
  4: (s) => s.flip(),
  5: (s) => s.rotate(270).flop(),
  6: (s) => s.rotate(270),
  7: (s) => s.rotate(90).flop(),
  8: (s) => s.rotate(90),
};

function pearson(a: number[][], b: number[][]): number {
  const x = a.flat(), y = b.flat();
  const mx = x.reduce((s, v) => s + v, 0) / x.length, my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const white = () => sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();

describe('a red square in all 8 EXIF orientations', () => {
  const W = 320, H = 240;
  const square = { x0: 72, y0: 136, x1: 136, y1: 200 }; // lower left, inside the centre crop
  let upright: Buffer;
  let rgb: Buffer;
  beforeAll(async () => {
    rgb = Buffer.alloc(W * H * 3, 128);
    for (let y = square.y0; y < square.y1; y++) for (let x = square.x0; x < square.x1; x++) rgb.set([220, 20, 20], (y * W + x) * 3);
    upright = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  });
  const red = () => sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 220, g: 20, b: 20 } } }).png().toBuffer();

  for (let o = 1; o <= 8; o++) {
    it(`orientation ${o}: the peak is on the square for patch and occlusion`, async () => {
      const stored = await toStored[o]!(sharp(upright)).jpeg({ quality: 95 }).toBuffer();
      const file = await sharp(stored).withMetadata({ orientation: o }).jpeg({ quality: 95 }).toBuffer();
      // Set-up check: the file shows the upright picture once its EXIF orientation is applied.
      const shown = await sharp(file).rotate().raw().toBuffer({ resolveWithObject: true });
      expect([shown.info.width, shown.info.height]).toEqual([W, H]);
      const at = (x: number, y: number) => shown.data[(y * W + x) * 3]!;
      expect(at(100, 170)).toBeGreaterThan(180);
      expect(at(250, 60)).toBeLessThan(160);

      for (const method of ['patch', 'occlusion'] as const) {
        const res = await ex.explainMatch({ target: file, query: { image: await red() }, method, masks: 64 });
        expect(res.method).toBe(method);
        expect([res.width, res.height]).toEqual([W, H]);
        const peak = gridPeak(res.grid);
        expect(peak.x * W).toBeGreaterThanOrEqual(square.x0 - 8);
        expect(peak.x * W).toBeLessThan(square.x1 + 8);
        expect(peak.y * H).toBeGreaterThanOrEqual(square.y0 - 8);
        expect(peak.y * H).toBeLessThan(square.y1 + 8);
      }
    });
  }
});

describe('robustness orientation photos', () => {
  for (const name of ['Landscape', 'Portrait']) {
    it(`${name}_1..8 give the same heatmap in the oriented frame (both methods)`, async () => {
      for (const method of ['patch', 'occlusion'] as const) {
        const grids: number[][][] = [];
        for (let k = 1; k <= 8; k++) {
          const res = await ex.explainMatch({ target: join(ORIENT, `${name}_${k}.jpg`), query: { image: await white() }, method, masks: 64 });
          expect([res.width, res.height]).toEqual(name === 'Landscape' ? [512, 341] : [341, 512]);
          grids.push(res.grid);
        }
        const ref = grids[0]!;
        const mirrored = ref.map((row) => [...row].reverse());
        const flipped = [...ref].reverse();
        const agreement = grids.slice(1).map((g) => pearson(ref, g));
        if (process.env.EXPLAIN_DEBUG) console.log(name, method, agreement.map((v) => v.toFixed(3)).join(' '), 'mirror', pearson(ref, mirrored).toFixed(3), 'flip', pearson(ref, flipped).toFixed(3));
        for (const r of agreement) expect(r).toBeGreaterThan(0.95);
        // The check discriminates: the same map upside down agrees far less, and mirrored too for
        // the landscape (the portrait photo is nearly left-right symmetric, so mirroring cannot show).
        expect(pearson(ref, flipped)).toBeLessThan(Math.min(...agreement) - 0.15);
        if (name === 'Landscape') expect(pearson(ref, mirrored)).toBeLessThan(Math.min(...agreement) - 0.15);
      }
    });
  }
});
