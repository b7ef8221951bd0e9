// fusedScores (what search uses at 100k matches) gives the same keys, order and scores as the
// reference reciprocalRankFusion, for one list and for several with overlaps and repeats.
import { describe, expect, it } from 'vitest';
import { fusedScores, reciprocalRankFusion, type RankedList } from '../../../src/main/engine/search/fusion';

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function check(lists: RankedList<number>[]): void {
  const ref = reciprocalRankFusion(lists);
  const got = fusedScores(lists);
  expect(got.keys).toEqual(ref.map((f) => f.key));
  expect([...got.scores]).toEqual(ref.map((f) => f.score));
  const unsorted = fusedScores(lists, undefined, false);
  const byKey = new Map(ref.map((f) => [f.key, f.score]));
  expect(unsorted.keys.map((k, i) => [k, unsorted.scores[i]])).toEqual(expect.arrayContaining(unsorted.keys.map((k) => [k, byKey.get(k)])));
  expect(new Set(unsorted.keys)).toEqual(new Set(byKey.keys()));
}

describe('fusedScores', () => {
  it('matches reciprocalRankFusion for one list (the keyword-only fast path) and with a repeat in it', () => {
    check([{ name: 'keyword', weight: 1.5, keys: [5, 3, 9, 1, 7] }]);
    check([{ name: 'keyword', weight: 1, keys: [5, 3, 5, 1] }]);
    check([{ name: 'keyword', weight: 2, keys: [4, 2] }, { name: 'image', weight: 1, keys: [] }]);
  });

  it('matches reciprocalRankFusion for overlapping weighted lists', () => {
    const rnd = lcg(7);
    for (let round = 0; round < 20; round++) {
      const lists: RankedList<number>[] = ['keyword', 'keyword-any', 'image', 'chunk'].map((name, i) => ({
        name,
        weight: [2, 0.75, 1, 1][i]!,
        keys: Array.from({ length: Math.floor(rnd() * 50) }, () => Math.floor(rnd() * 80)),
      }));
      check(lists);
    }
  });
});
