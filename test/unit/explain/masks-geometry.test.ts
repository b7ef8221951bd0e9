// RISE masks (values, complementary pairs, shifts, determinism) and the model-space -> original-image
// mapping (centre crop, squash, pad) used by the grid and the overlay.
import { describe, expect, it } from 'vitest';
import { applyMask, cellsFor, maskPairs, renderMask } from '../../../src/main/engine/explain/masks';
import { gaussianBlur, gridPeak, imageGrid, imageToModel, normalise, sampleModel, seenRect, upsampleGrid } from '../../../src/main/engine/explain/heat-map';
import { overlayPixels } from '../../../src/main/engine/explain/overlay';
import { planGeometry } from '../../../src/main/engine/models/preprocess';
import { loadPack } from '../../../src/main/engine/models/pack';
import { TINY_PACK } from './onnx-builders';

const cfg = loadPack(TINY_PACK).preprocess;

describe('RISE masks', () => {
  const spec = { size: 224, cells: 7, keep: 0.5 };

  it('pairs are complementary, values in [0,1], and the same seed gives the same masks', () => {
    const a = maskPairs(spec, 42);
    const b = maskPairs(spec, 42);
    const c = maskPairs(spec, 43);
    const m0 = a.next().value as Float32Array;
    const m1 = a.next().value as Float32Array;
    expect(Array.from(b.next().value as Float32Array)).toEqual(Array.from(m0));
    expect(Array.from(c.next().value as Float32Array)).not.toEqual(Array.from(m0));
    let worstPair = 0, lo = Infinity, hi = -Infinity;
    for (let i = 0; i < m0.length; i++) {
      worstPair = Math.max(worstPair, Math.abs(m0[i]! + m1[i]! - 1));
      lo = Math.min(lo, m0[i]!);
      hi = Math.max(hi, m0[i]!);
    }
    expect(worstPair).toBeLessThan(1e-6);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(0.9); // a real mix of kept and dropped cells
  });

  it('a single kept cell shows up where the grid and the shift put it', () => {
    const g = new Uint8Array(8 * 8);
    g[2 * 8 + 3] = 1; // row 2, column 3 of the (cells+1)^2 grid
    const cellPx = Math.ceil(224 / 7); // 32
    const out = new Float32Array(224 * 224);
    renderMask(g, spec, 0, 0, out);
    // The cell centre (grid point) is at pixel (3*32+16, 2*32+16) with no shift.
    expect(out[(2 * cellPx + 16) * 224 + 3 * cellPx + 16]).toBeCloseTo(1, 1);
    expect(out[10 * 224 + 10]).toBe(0);
    // Shifting by 10 px moves it 10 px up/left.
    renderMask(g, spec, 10, 10, out);
    expect(out[(2 * cellPx + 6) * 224 + 3 * cellPx + 6]).toBeCloseTo(1, 1);
  });

  it('kept fraction is about the keep probability; applyMask blends toward the fill', () => {
    const gen = maskPairs(spec, 7);
    let sum = 0;
    for (let i = 0; i < 40; i += 2) sum += (gen.next().value as Float32Array).reduce((s, v) => s + v, 0);
    expect(sum / (20 * 224 * 224)).toBeGreaterThan(0.35);
    expect(sum / (20 * 224 * 224)).toBeLessThan(0.65);
    const img = new Float32Array(3 * 4).fill(2);
    const mask = Float32Array.from([1, 0, 0.5, 0.25]);
    const out = new Float32Array(12);
    applyMask(img, mask, out);
    expect(Array.from(out.subarray(0, 4))).toEqual([2, 0, 1, 0.5]);
    applyMask(img, mask, out, new Float32Array(12).fill(-2));
    expect(Array.from(out.subarray(4, 8))).toEqual([2, -2, 0, -1]);
  });

  it('grid size grows with the mask budget within 4..8', () => {
    expect(cellsFor(16)).toBe(4);
    expect(cellsFor(98)).toBe(7);
    expect(cellsFor(5000)).toBe(8);
  });
});

describe('model space <-> oriented image', () => {
  it('shortest-side resize + centre crop: the crop maps to the middle band, outside has no evidence', () => {
    const geo = planGeometry(640, 320, cfg); // resized 448x224, crop left 112
    expect(geo).toMatchObject({ resizedWidth: 448, resizedHeight: 224, cropLeft: 112, cropTop: 0 });
    expect(seenRect(geo)).toEqual({ left: 160, top: 0, width: 320, height: 320 });
    expect(imageToModel(geo, 160, 0)).toEqual({ u: 0, v: 0 });
    expect(imageToModel(geo, 480, 320)).toEqual({ u: 224, v: 224 });
    // A heat blob in the model's top-right corner lands at the top-right of the seen band.
    const heat = new Float32Array(224 * 224);
    for (let y = 0; y < 56; y++) for (let x = 168; x < 224; x++) heat[y * 224 + x] = 1;
    const grid = imageGrid(normalise(heat).norm, geo, 32);
    expect(grid.length).toBe(32);
    expect(grid[0]!.length).toBe(64);
    const peak = gridPeak(grid);
    // Model x 168..224 is image x 400..480 of 640.
    expect(peak.x).toBeGreaterThan(400 / 640);
    expect(peak.x).toBeLessThan(480 / 640);
    expect(peak.y).toBeLessThan(0.25);
    // Columns left and right of the crop band are zero.
    for (const row of grid) {
      expect(row[0]).toBe(0);
      expect(row[63]).toBe(0);
    }
  });

  it('squash maps the whole image; pad ("longest") leaves the padding outside the image', () => {
    const squash = planGeometry(400, 100, { ...cfg, resizeMode: 'squash' });
    expect(seenRect(squash)).toEqual({ left: 0, top: 0, width: 400, height: 100 });
    expect(imageToModel(squash, 200, 50)).toEqual({ u: 112, v: 112 });
    const heat = new Float32Array(224 * 224);
    for (let i = 0; i < 224; i++) for (let x = 212; x < 224; x++) heat[i * 224 + x] = 1; // right edge stripe
    const g = imageGrid(heat, squash, 32);
    expect(gridPeak(g).x).toBeGreaterThan(0.95);

    const geo = planGeometry(400, 200, { ...cfg, resizeMode: 'longest' });
    // planGeometry leaves crop offsets at 0 for 'longest'; preprocessing sets the (negative) pad offsets.
    const padded = { ...geo, cropLeft: 0, cropTop: -Math.floor((224 - geo.resizedHeight) / 2) };
    const { u, v } = imageToModel(padded, 0, 0);
    expect(u).toBe(0);
    expect(v).toBe(56);
    expect(seenRect(padded)).toEqual({ left: 0, top: 0, width: 400, height: 200 });
  });

  it('sampling, upsampling, blur and normalisation behave', () => {
    const grid = Float32Array.from([0, 1, 2, 3]); // 2x2
    const up = upsampleGrid(grid, 2, 2, 224);
    expect(up[0]).toBe(0);
    expect(up[224 * 224 - 1]).toBe(3);
    expect(sampleModel(up, 224, 112, 112)).toBeCloseTo(1.5, 1);
    expect(sampleModel(up, 224, -1, 5)).toBeNull();
    const blurred = gaussianBlur(up, 224, 3);
    expect(blurred[112 * 224 + 112]).toBeCloseTo(up[112 * 224 + 112]!, 1);
    expect(normalise(new Float32Array(10).fill(3)).norm.every((v) => v === 0)).toBe(true);
  });

  it('overlay: veil outside the crop, opaque hot colours at the peak', () => {
    const geo = planGeometry(640, 320, cfg);
    const heat = new Float32Array(224 * 224);
    heat[112 * 224 + 112] = 1;
    const { data, width, height } = overlayPixels(normalise(gaussianBlur(heat, 224, 20)).norm, geo, { maxSide: 320 });
    expect([width, height]).toEqual([320, 160]);
    const px = (x: number, y: number) => Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));
    expect(px(5, 80)).toEqual([96, 96, 96, 150]); // outside the crop band
    const centre = px(160, 80);
    expect(centre[3]).toBeGreaterThan(150); // strong evidence is opaque
    expect(centre[0]).toBeGreaterThan(centre[2]!); // and warm (turbo top end is red)
    expect(px(100, 5)[3]).toBeLessThan(60);
  });
});
