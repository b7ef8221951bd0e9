// The heatmap cache on its own: disk round trip, corrupt entries read as misses, memory LRU bound,
// and pruning of the disk side to the newest entries.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HeatmapCache, cacheKey, type StoredExplanation } from '../../../src/main/engine/explain/heatmap-cache';

const tmp = mkdtempSync(join(tmpdir(), 'glimpse-explain-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const entry = (score: number): StoredExplanation => ({
  method: 'occlusion',
  grid: [[0, score], [1, 0]],
  width: 20,
  height: 20,
  overlayPng: Buffer.from([1, 2, 3, score]),
  overlayWidth: 20,
  overlayHeight: 20,
  seen: { left: 0, top: 0, width: 20, height: 20 },
  score,
  range: { min: -1, max: 1 },
  masks: 32,
  computeMs: 5,
  timings: { decodeMs: 1, queryMs: 1, saliencyMs: 2, renderMs: 1 },
});

describe('HeatmapCache', () => {
  it('round-trips through disk and treats a corrupt entry as a miss', () => {
    const dir = join(tmp, 'a');
    const key = cacheKey({ q: 'x' });
    new HeatmapCache(dir).set(key, entry(7));
    const fresh = new HeatmapCache(dir);
    const got = fresh.get(key)!;
    expect(got.grid).toEqual([[0, 7], [1, 0]]);
    expect(got.overlayPng.equals(Buffer.from([1, 2, 3, 7]))).toBe(true);
    const bad = cacheKey({ q: 'bad' });
    new HeatmapCache(dir).set(bad, entry(1));
    writeFileSync(join(dir, bad.slice(0, 2), `${bad}.json`), '{not json');
    expect(new HeatmapCache(dir).get(bad)).toBeNull();
    expect(new HeatmapCache(dir).get(cacheKey({ q: 'never' }))).toBeNull();
  });

  it('bounds memory (LRU) and prunes the oldest disk entries', () => {
    const mem = new HeatmapCache(null, 2);
    mem.set('k1', entry(1));
    mem.set('k2', entry(2));
    mem.get('k1'); // k1 becomes most recent
    mem.set('k3', entry(3));
    expect(mem.get('k2')).toBeNull();
    expect(mem.get('k1')!.score).toBe(1);

    const dir = join(tmp, 'b');
    const cache = new HeatmapCache(dir, 64, 3);
    const keys = [0, 1, 2, 3, 4].map((i) => cacheKey({ i }));
    keys.forEach((k, i) => {
      cache.set(k, entry(i));
      const t = new Date(Date.now() - (10 - i) * 60_000); // older first
      utimesSync(join(dir, k.slice(0, 2), `${k}.json`), t, t);
    });
    cache.prune();
    const left = readdirSync(dir).flatMap((d) => readdirSync(join(dir, d))).filter((f) => f.endsWith('.json'));
    expect(left.sort()).toEqual(keys.slice(2).map((k) => `${k}.json`).sort());
    const reader = new HeatmapCache(dir);
    expect(reader.get(keys[0]!)).toBeNull();
    expect(reader.get(keys[4]!)!.score).toBe(4);
  });
});
