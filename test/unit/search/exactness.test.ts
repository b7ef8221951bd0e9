// Known-item exactness: the file whose name or title IS the query first, then names/titles holding
// every word (fewer extra words first), then index-level exact matches.
import { describe, expect, it } from 'vitest';
import { compareExactness, exactness, queryWords } from '../../../src/main/engine/search/exactness';

const ex = (q: string, name: string, title: string | null = null, idx = false) => exactness(queryWords(q), name, title, idx);

describe('exactness', () => {
  it('ranks "the name is the query" above "the name holds the words"', () => {
    expect(ex('Pancake', 'pancake.md').level).toBe(3);
    expect(ex('Pancake', 'oatmeal-pancakes.md').level).toBe(2);
    expect(ex('refcard el a4', 'refcard-el-a4.pdf').level).toBe(3);
    expect(ex('refcard el a4', 'refcard-en-a4.pdf').level).toBe(2); // "el" is a (Spanish) stopword
    expect(ex('passport', 'Passport scan 2019.jpg').level).toBe(2);
    expect(ex('passport', 'handbook.pdf', null, true).level).toBe(1);
    expect(ex('Apple Pie', 'apple-pie.md', 'Apple Pie').level).toBe(3);
    expect(ex('pancakes', 'pancake.webp').level).toBe(3);
    expect(ex('Jegou', 'J´egou-2011.pdf').level).toBe(2);
    expect(ex('系统', '操作系统.pdf').level).toBe(2);
    expect(ex('系统', '系统.pdf').level).toBe(3);
  });

  it('prefers fewer extra words at the same level', () => {
    const a = ex('pasta sauce', 'simple-pasta-cream-sauce.md');
    const b = ex('pasta sauce', 'pasta-sauce-for-hungry-kids-2019.md');
    expect(compareExactness(a, b)).toBeLessThan(0);
    expect(compareExactness(ex('pasta sauce', 'pasta-sauce.md'), b)).toBeLessThan(0);
  });
});
