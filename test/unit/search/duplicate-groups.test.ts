// Duplicate groups over a real catalog (SQLite): hashes within 24 bits chain into one group, files
// with the same bytes form a group, the keeper is the largest then the oldest, counts are exact over
// all pages, and 12,000 photos group in well under a second with the block index (checked against
// a brute-force all-pairs pass).
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateGroups, DUPLICATE_GROUP_BITS, compareKeeper, groupByHash } from '../../../src/main/engine/search/duplicate-groups';
import { DHASH_WORDS, hammingDistance } from '../../../src/main/engine/extract/image/perceptual-hash';
import { addFile, openTemp } from '../catalog/helpers';

/** Deterministic pseudo-random 32-bit words. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

function randomHash(next: () => number): Uint32Array {
  return Uint32Array.from({ length: DHASH_WORDS }, () => next());
}

/** A copy of `h` with `bits` distinct bits flipped (spread over the hash). */
function flip(h: Uint32Array, bits: number, next: () => number): Uint32Array {
  const out = Uint32Array.from(h);
  const done = new Set<number>();
  while (done.size < bits) {
    const b = next() % (DHASH_WORDS * 32);
    if (done.has(b)) continue;
    done.add(b);
    out[b >>> 5] = (out[b >>> 5]! ^ (1 << (31 - (b & 31)))) >>> 0;
  }
  return out;
}

const hex = (h: Uint32Array) => Array.from(h, (w) => w.toString(16).padStart(8, '0')).join('');

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('groupByHash', () => {
  it('groups hashes within the bound (chained), and no others; the same as all pairs', () => {
    const next = rng(7);
    const hashes: Uint32Array[] = [];
    for (let i = 0; i < 3000; i++) hashes.push(randomHash(next));
    const a = hashes[0]!;
    hashes.push(flip(a, 24, next)); // 3000: at the bound
    hashes.push(flip(a, 25, next)); // 3001: just over it, but may chain through nothing
    const b = hashes[1]!;
    const b1 = flip(b, 20, next);
    hashes.push(b1, flip(b1, 20, next)); // 3002, 3003: a chain b - b1 - b1'
    const words = new Uint32Array(hashes.length * DHASH_WORDS);
    hashes.forEach((h, i) => words.set(h, i * DHASH_WORDS));

    const groups = groupByHash(words).map((g) => [...g].sort((x, y) => x - y));
    expect(groups).toContainEqual([0, 3000]);
    expect(groups).toContainEqual([1, 3002, 3003]);
    expect(groups.flat()).not.toContain(3001);

    // Brute force: every pair within the bound lies in one group.
    const groupOf = new Map<number, number>();
    groups.forEach((g, gi) => g.forEach((i) => groupOf.set(i, gi)));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        if (hammingDistance(hashes[i]!, words, j * DHASH_WORDS) <= DUPLICATE_GROUP_BITS) expect(groupOf.get(i)).toBe(groupOf.get(j));
      }
    }
  });

  it('groups 12,000 hashes fast (block index, not all pairs)', () => {
    const next = rng(11);
    const n = 12_000;
    const words = new Uint32Array(n * DHASH_WORDS);
    for (let i = 0; i < n; i++) {
      const h = i % 10 === 9 ? flip(words.subarray((i - 1) * DHASH_WORDS, i * DHASH_WORDS), 10, next) : randomHash(next);
      words.set(h, i * DHASH_WORDS);
    }
    const stats = { compared: 0 };
    const t0 = performance.now();
    const groups = groupByHash(words, undefined, stats);
    const ms = performance.now() - t0;
    expect(groups.length).toBe(n / 10);
    // All pairs would be 72 million comparisons; the block index makes about 25 per hash (16 blocks x 17 values x n/65536, halved).
    expect(stats.compared).toBeLessThan(n * 40);
    expect(ms).toBeLessThan(5000); // ~100 ms alone; shared CI cores are slow
  });
});

describe('DuplicateGroups over a catalog', () => {
  it('lists groups with a keeper (largest, then oldest), exact counts and pages', () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const { cat } = t;
    const next = rng(3);
    const base = randomHash(next);
    const other = randomHash(next);
    // Group 1: three versions of one photo (hash within the bound), different resolutions.
    const small = addFile(cat, '/p', '/p/small.jpg', { hash: 'c-small', size: 1000 });
    const big = addFile(cat, '/p', '/p/big.jpg', { hash: 'c-big', size: 5000 });
    const bigOld = addFile(cat, '/p', '/p/big-old.jpg', { hash: 'c-big-old', size: 4000 });
    cat.imageMeta.set(small.contentId, { width: 800, height: 600, takenAt: '2019-07-01T10:00:00' });
    cat.imageMeta.set(big.contentId, { width: 4000, height: 3000, takenAt: '2020-07-01T10:00:00' });
    cat.imageMeta.set(bigOld.contentId, { width: 4000, height: 3000, takenAt: '2018-07-01T10:00:00' });
    cat.imageMeta.setDhash(small.contentId, hex(flip(base, 12, next)));
    cat.imageMeta.setDhash(big.contentId, hex(base));
    cat.imageMeta.setDhash(bigOld.contentId, hex(flip(base, 6, next)));
    // Group 2: the same bytes in two folders (one content).
    const a = addFile(cat, '/p', '/p/a/copy.jpg', { hash: 'c-same' });
    const b = addFile(cat, '/p', '/p/b/copy.jpg', { hash: 'c-same' });
    expect(b.contentId).toBe(a.contentId);
    cat.imageMeta.set(a.contentId, { width: 100, height: 100 });
    cat.imageMeta.setDhash(a.contentId, hex(other));
    // Not a duplicate: an unrelated photo; and a queued copy of base (not indexed) is left out.
    const lone = addFile(cat, '/p', '/p/lone.jpg', { hash: 'c-lone' });
    cat.imageMeta.set(lone.contentId, { width: 100, height: 100 });
    cat.imageMeta.setDhash(lone.contentId, hex(randomHash(next)));
    const queued = addFile(cat, '/p', '/p/queued.jpg', { hash: 'c-queued', status: 'queued' });
    cat.imageMeta.set(queued.contentId, {});
    cat.imageMeta.setDhash(queued.contentId, hex(base));

    const dupes = new DuplicateGroups(cat);
    const all = dupes.page(0, 50);
    expect(all.totalGroups).toBe(2);
    expect(all.totalFiles).toBe(5);
    expect(all.redundantFiles).toBe(3);
    expect(all.redundantBytes).toBe(5000 + 1000 + 100); // not the keepers (big-old is the first keeper, big.jpg is redundant)
    const [g1, g2] = all.groups;
    expect(g1!.files.map((f) => f.name)).toEqual(['big-old.jpg', 'big.jpg', 'small.jpg']);
    expect(g1!.keeperId).toBe(bigOld.fileId);
    expect(g1!.sameBytes).toBe(false);
    expect(g1!.files[0]!.distance).toBe(0);
    expect(g1!.files[1]!.distance).toBe(6);
    expect(g2!.sameBytes).toBe(true);
    expect(g2!.files.map((f) => f.path).sort()).toEqual(['/p/a/copy.jpg', '/p/b/copy.jpg']);

    const p1 = dupes.page(1, 1);
    expect(p1.groups.map((g) => g.keeperId)).toEqual([g2!.keeperId]);
    expect(p1.totalGroups).toBe(2);

    // Cached until invalidated: a removed file stays listed until then.
    cat.files.markIndexed(queued.fileId);
    expect(dupes.page(0, 50).totalFiles).toBe(5);
    dupes.invalidate();
    expect(dupes.page(0, 50).totalFiles).toBe(6);
  });

  it('10,000 photos with 1,000 copies among them: exact counts, the first page fast, later pages from the cache', () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const { cat } = t;
    const next = rng(99);
    const folder = cat.folders.add('/big');
    let prev: Uint32Array | null = null;
    cat.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/big/IMG_${i}.jpg`, size: 1000 + i, mtimeMs: 1_700_000_000_000, kind: 'image' });
        const { contentId } = cat.files.attachContent(file.id, { hash: `h${i}`, kind: 'image', bytes: 1000 + i });
        // Every tenth photo is a re-encoded copy of the one before it.
        const h: Uint32Array = i % 10 === 9 && prev ? flip(prev, 8, next) : randomHash(next);
        cat.imageMeta.set(contentId, { width: i % 10 === 9 ? 800 : 4000, height: 600 });
        cat.imageMeta.setDhash(contentId, hex(h));
        cat.files.markIndexed(file.id);
        prev = h;
      }
    });
    const dupes = new DuplicateGroups(cat);
    const t0 = performance.now();
    const first = dupes.page(0, 50);
    const firstMs = performance.now() - t0;
    expect(first.totalGroups).toBe(1000);
    expect(first.redundantFiles).toBe(1000);
    expect(first.groups).toHaveLength(50);
    for (const g of first.groups) expect(g.files[0]!.width).toBe(4000); // the copy (800 wide) is never the keeper
    expect(firstMs).toBeLessThan(8000); // about 0.5 s on 2 shared cores (hashing, grouping, one catalog read)
    const t1 = performance.now();
    expect(dupes.page(19, 50).groups).toHaveLength(50);
    expect(performance.now() - t1).toBeLessThan(100);
  });

  it('orders keepers by pixels, then age, then size, then id', () => {
    const row = (fileId: number, width: number, takenAt: string | null, size = 1, mtimeMs = 0) => ({ fileId, width, height: width, takenAt, mtimeMs, size });
    const sorted = [row(1, 10, '2020-01-01T00:00:00'), row(2, 20, '2021-01-01T00:00:00'), row(3, 20, '2019-01-01T00:00:00'), row(4, 20, '2019-01-01T00:00:00', 5)].sort(compareKeeper);
    expect(sorted.map((r) => r.fileId)).toEqual([4, 3, 2, 1]);
  });
});
