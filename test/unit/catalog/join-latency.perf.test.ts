// The vector-search join must stay interactive: top 100-200 ids joined to files with metadata in
// under 10 ms p95 on a 100k-file catalog (real SQLite file on disk, WAL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillSyntheticCatalog, type SyntheticCatalogInfo } from '../../../bench/query-vectors/synthetic-catalog';
import type { Catalog } from '../../../src/main/engine/catalog/catalog';
import { openTemp } from './helpers';

const N = 100_000;

describe('join latency over a 100k-file catalog', () => {
  let t: ReturnType<typeof openTemp>;
  let cat: Catalog;
  let info: SyntheticCatalogInfo;
  beforeAll(() => {
    t = openTemp();
    cat = t.cat;
    info = fillSyntheticCatalog(cat, N);
  });
  afterAll(() => t.cleanup());

  /**
   * p95 latency of `fn`, the lowest of 3 rounds: a round that a neighbouring process preempts
   * (this runs alone in vitest.perf.config.ts, but the machine is shared) does not decide alone.
   */
  function p95(fn: (q: number) => void, runs = 200): number {
    for (let q = 0; q < 20; q++) fn(q); // warm the page cache and statement cache
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const lat: number[] = [];
      for (let q = 0; q < runs; q++) {
        const t0 = performance.now();
        fn(q);
        lat.push(performance.now() - t0);
      }
      lat.sort((a, b) => a - b);
      best = Math.min(best, lat[Math.floor(runs * 0.95)]!);
    }
    return best;
  }

  it(`resolves 200 random content ids in < 10 ms p95 (with and without filters)`, () => {
    let rnd = 7;
    const pick = () => info.contentIds[(rnd = (rnd * 1103515245 + 12345) % 2147483648) % info.contentIds.length]!;
    let seen = 0;
    const plain = p95(() => {
      const ids = Array.from({ length: 200 }, pick);
      seen = cat.lookup.resolveContents(ids).length;
    });
    expect(seen).toBe(200);
    const filtered = p95((q) => {
      const ids = Array.from({ length: 200 }, pick);
      cat.lookup.resolveContents(ids, { filters: { type: 'image', folder: info.folders[q % 20], after: '2018-01-01', hasGps: q % 2 === 0, camera: 'canon' } });
    });
    console.log(`join p95: ${plain.toFixed(2)} ms plain, ${filtered.toFixed(2)} ms filtered`);
    expect(plain).toBeLessThan(10);
    expect(filtered).toBeLessThan(10);
  });

  it('keyword search and status counts stay fast at 100k', () => {
    const kw = p95((q) => cat.keywords.search(String(1000 + q), { limit: 50 }), 50);
    const counts = p95(() => cat.files.countsByStatus(), 20);
    console.log(`keyword p95 ${kw.toFixed(2)} ms, countsByStatus p95 ${counts.toFixed(2)} ms`);
    expect(cat.keywords.search('IMG_001234')[0]?.fileId).toBeDefined();
    expect(kw).toBeLessThan(50);
    expect(counts).toBeLessThan(50);
  });
});
