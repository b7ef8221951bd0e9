// Connected components and DB box extraction on synthetic probability maps.
import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../src/main/engine/extract/ocr/components';
import { extractBoxes } from '../../../src/main/engine/extract/ocr/db-boxes';
import { chooseDetectScale, sizeAtScale } from '../../../src/main/engine/extract/ocr/detector';
import { quadBounds, quadHeight, quadWidth } from '../../../src/main/engine/extract/ocr/quad';

function map(width: number, height: number) {
  return { width, height, prob: new Float32Array(width * height) };
}

function fillRect(m: ReturnType<typeof map>, x0: number, y0: number, w: number, h: number, p: number) {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) m.prob[y * m.width + x] = p;
}

describe('labelComponents', () => {
  it('joins diagonal neighbours (8-connectivity) and keeps separate blobs apart', () => {
    // 1 . . . 1
    // . 1 . . 1
    // . . . . .
    // 1 1 . . .
    const w = 5;
    const mask = Uint8Array.from([1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    const c = labelComponents(mask, w, 4);
    expect(c.count).toBe(3);
    const sizes = Array.from({ length: c.count }, (_, k) => c.starts[k + 1]! - c.starts[k]!).sort();
    expect(sizes).toEqual([2, 2, 2]);
    expect(c.labels[0]).toBe(c.labels[6]);
    expect(c.labels[4]).toBe(c.labels[9]);
    expect(c.labels[15]).toBe(c.labels[16]);
    expect(new Set([c.labels[0], c.labels[4], c.labels[15]]).size).toBe(3);
    expect(c.labels[2]).toBe(0);
  });

  it('handles an empty mask and a full one', () => {
    expect(labelComponents(new Uint8Array(12), 4, 3).count).toBe(0);
    const full = labelComponents(new Uint8Array(12).fill(1), 4, 3);
    expect(full.count).toBe(1);
    expect(full.pixels.length).toBe(12);
  });
});

describe('extractBoxes', () => {
  it('finds each text region, filters noise and weak regions, and grows boxes by the unclip distance', () => {
    const m = map(200, 100);
    fillRect(m, 20, 10, 100, 10, 0.9); // a line
    fillRect(m, 20, 50, 60, 8, 0.95); // another line
    fillRect(m, 150, 80, 2, 2, 0.9); // speck: too small
    fillRect(m, 150, 40, 30, 10, 0.4); // above threshold but below box threshold
    const boxes = extractBoxes(m.prob, m.width, m.height, { unclipRatio: 1.5 });
    expect(boxes).toHaveLength(2);
    const byTop = boxes.sort((a, b) => quadBounds(a.quad)[1] - quadBounds(b.quad)[1]);
    const [x0, y0, x1, y1] = quadBounds(byTop[0]!.quad);
    // 100 x 10 region: d = area * ratio / perimeter = 1000 * 1.5 / 220
    const d = (1000 * 1.5) / 220;
    expect(x0).toBeCloseTo(20 - d, 5);
    expect(x1).toBeCloseTo(120 + d, 5);
    expect(y0).toBeCloseTo(10 - d, 5);
    expect(y1).toBeCloseTo(20 + d, 5);
    expect(byTop[0]!.score).toBeCloseTo(0.9, 5);
    expect(byTop[1]!.score).toBeCloseTo(0.95, 5);
    // Reading order of corners: start-top, end-top, end-bottom, start-bottom.
    const q = byTop[0]!.quad;
    expect(q[0][0]).toBeLessThan(q[1][0]);
    expect(q[0][1]).toBeLessThan(q[3][1]);
  });

  it('fits a rotated box to a rotated line', () => {
    const m = map(240, 160);
    const angle = (10 * Math.PI) / 180;
    const [cx, cy, len, thick] = [120, 80, 160, 10];
    for (let y = 0; y < m.height; y++) {
      for (let x = 0; x < m.width; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        const s = dx * Math.cos(angle) + dy * Math.sin(angle);
        const t = -dx * Math.sin(angle) + dy * Math.cos(angle);
        if (Math.abs(s) <= len / 2 && Math.abs(t) <= thick / 2) m.prob[y * m.width + x] = 0.9;
      }
    }
    const boxes = extractBoxes(m.prob, m.width, m.height, { unclipRatio: 1.5 });
    expect(boxes).toHaveLength(1);
    const q = boxes[0]!.quad;
    const measured = Math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]);
    expect(Math.abs(measured - angle)).toBeLessThan((1.5 * Math.PI) / 180);
    const d = (len * thick * 1.5) / (2 * (len + thick));
    expect(quadWidth(q)).toBeGreaterThan(len + 2 * d - 3);
    expect(quadWidth(q)).toBeLessThan(len + 2 * d + 3);
    expect(quadHeight(q)).toBeGreaterThan(thick + 2 * d - 3);
    expect(quadHeight(q)).toBeLessThan(thick + 2 * d + 3);
  });

  it('keeps a vertical line tall (reading axis left for the recognizer to choose)', () => {
    const m = map(100, 200);
    fillRect(m, 40, 20, 10, 150, 0.9);
    const [box] = extractBoxes(m.prob, m.width, m.height);
    expect(box).toBeDefined();
    expect(quadHeight(box!.quad)).toBeGreaterThan(3 * quadWidth(box!.quad));
  });

  it('returns nothing for an empty map', () => {
    const m = map(64, 64);
    expect(extractBoxes(m.prob, m.width, m.height)).toEqual([]);
  });
});

describe('detector sizing', () => {
  it('rounds sides to multiples of 32', () => {
    expect(sizeAtScale(1300, 1890, 960 / 1890)).toEqual({ width: 672, height: 960 });
    expect(sizeAtScale(10, 10, 1)).toEqual({ width: 32, height: 32 });
  });

  it('enlarges small print, keeps large type at the probe scale, rescues lines the probe shrank too far', () => {
    expect(chooseDetectScale([11, 11, 11], 1, 2.5, 22)).toBeCloseTo(2, 6);
    expect(chooseDetectScale([30, 30, 30], 0.5, 2.5, 22)).toBe(0.5);
    expect(chooseDetectScale([30, 30, 30], 0.2, 0.4, 22)).toBe(0.4);
    expect(chooseDetectScale([4], 1, 2.5, 22)).toBe(2.5);
    expect(chooseDetectScale([], 0.7, 2.5, 22)).toBe(0.7);
  });
});
