// Query refinements: "this photo + words" (normalised weighted sum) and "-word" exclusions over a
// real keyword index (names, document text).
import { afterEach, describe, expect, it } from 'vitest';
import { combineQueries, excludedFiles } from '../../../src/main/engine/search/refine';
import { addFile, openTemp } from '../catalog/helpers';

const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
};
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('combineQueries', () => {
  it('is a unit vector between the image and the text, closer to each than they are to each other', () => {
    const img = unit([1, 0, 0, 0]);
    const txt = unit([0, 1, 0, 0]);
    const q = combineQueries(img, txt);
    expect(Math.hypot(...q)).toBeCloseTo(1, 5);
    expect(dot(q, img)).toBeCloseTo(Math.SQRT1_2, 5);
    expect(dot(q, txt)).toBeCloseTo(Math.SQRT1_2, 5);
    const mostlyImage = combineQueries(img, txt, 0.2);
    expect(dot(mostlyImage, img)).toBeGreaterThan(dot(mostlyImage, txt));
  });

  it('refuses vectors of different models', () => {
    expect(() => combineQueries(unit([1, 0]), unit([1, 0, 0]))).toThrow(/dimension/);
  });
});

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('excludedFiles', () => {
  it('finds every file holding an excluded word in its name (whole words, not inside other words); none when nothing is excluded', () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const dog = addFile(t.cat, '/p', '/p/dog-beach.jpg');
    const cat2 = addFile(t.cat, '/p', '/p/cat-sofa.jpg');
    const both = addFile(t.cat, '/p', '/p/dog-and-cat.jpg');
    addFile(t.cat, '/p', '/p/sunset.jpg');
    addFile(t.cat, '/p', '/p/concatenate.pdf', { kind: 'document' });
    expect(excludedFiles(t.cat.keywords, undefined)).toBeNull();
    expect(excludedFiles(t.cat.keywords, [])).toBeNull();
    expect([...excludedFiles(t.cat.keywords, ['dog'])!].sort()).toEqual([dog.fileId, both.fileId].sort());
    expect([...excludedFiles(t.cat.keywords, ['dog', 'cat'])!].sort()).toEqual([dog.fileId, cat2.fileId, both.fileId].sort());
  });
});
