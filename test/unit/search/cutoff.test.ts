// The relevance cut-off on synthetic score distributions, and weighted reciprocal rank fusion.
import { describe, expect, it } from 'vitest';
import { applyCutoff, backgroundStats, cutoffParams, relevanceThreshold } from '../../../src/main/engine/search/cutoff';
import { looksLikeIdentifier, reciprocalRankFusion, splitQuoted } from '../../../src/main/engine/search/fusion';

function gaussian(n: number, mean: number, sd: number, seed = 1): number[] {
  let s = seed;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand()));
}

describe('relevance cut-off', () => {
  it('keeps the outliers above a CLIP-like background and folds the tail', () => {
    const background = gaussian(1000, 0.17, 0.02);
    const relevant = [0.33, 0.31, 0.3, 0.29, 0.28];
    const ranked = [...relevant, ...background.slice(0, 200)].sort((a, b) => b - a).map((score) => ({ score }));
    const threshold = relevanceThreshold(backgroundStats(background), ranked[0]!.score, cutoffParams('clip', 'text'));
    const { kept, folded } = applyCutoff(ranked, threshold, 1);
    expect(kept.map((k) => k.score)).toEqual(relevant);
    expect(folded.length).toBe(200);
  });

  it('adapts to a SigLIP-like range (low, compressed cosines) through the background, not a fixed number', () => {
    const background = gaussian(1000, -0.02, 0.015, 7);
    const relevant = [0.09, 0.085, 0.07];
    const ranked = [...relevant, ...background.slice(0, 100)].sort((a, b) => b - a).map((score) => ({ score }));
    const clipThreshold = relevanceThreshold(backgroundStats(background), ranked[0]!.score, cutoffParams('clip', 'text'));
    const siglipThreshold = relevanceThreshold(backgroundStats(background), ranked[0]!.score, cutoffParams('siglip', 'text'));
    const kept = applyCutoff(ranked, siglipThreshold, 1).kept.map((k) => k.score);
    expect(kept.slice(0, 3)).toEqual(relevant);
    expect(kept.length).toBeLessThanOrEqual(relevant.length + 1); // at most a 3-sigma straggler of 100 background items
    // CLIP's absolute floor (0.15) would have thrown away every SigLIP match but the minimum kept.
    expect(applyCutoff(ranked, clipThreshold, 1).kept.length).toBe(1);
  });

  it('drops a long flat tail far below the best match, and always keeps minKeep', () => {
    const p = cutoffParams('clip', 'text');
    expect(relevanceThreshold({ mean: 0, std: 0, n: 0 }, 0.4, p)).toBeCloseTo(0.3, 5);
    const { kept } = applyCutoff([{ score: 0.1 }, { score: 0.05 }], 0.5, 1);
    expect(kept.length).toBe(1);
  });

  it('computes background statistics', () => {
    const s = backgroundStats([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 6);
  });
});

describe('fusion', () => {
  it('ranks items found by both lists first and honours weights', () => {
    const fused = reciprocalRankFusion([
      { name: 'keyword', weight: 3, keys: ['a', 'b'] },
      { name: 'image', weight: 1, keys: ['c', 'b', 'a'] },
    ]);
    expect(fused.map((f) => f.key)).toEqual(['a', 'b', 'c']);
    expect(fused[0]!.ranks).toEqual({ keyword: 0, image: 2 });
  });

  it('splits quoted phrases and recognises identifiers', () => {
    expect(splitQuoted('"invoice 2023" dog')).toEqual({ phrases: ['invoice 2023'], rest: 'dog' });
    expect(looksLikeIdentifier('IMG_2041')).toBe(true);
    expect(looksLikeIdentifier('dog on a beach')).toBe(false);
  });
});
