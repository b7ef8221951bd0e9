// Duplicate groups over the whole library, for the clean-up view: photos whose stored perceptual
// hashes (dHash, 256 bits) are within DUPLICATE_GROUP_BITS of each other, plus files with the same
// bytes (one content, several files). No model is involved. Pairs are found with multi-index
// hashing: the hash is cut into 16 blocks of 16 bits; two hashes within 24 bits agree on some block
// to within one bit (pigeonhole: 24 < 2 x 16), so each hash only looks up its blocks and their 16
// one-bit neighbours instead of comparing with every other hash (100k photos: seconds -> ms).
// Groups are connected components; each suggests a keeper (largest resolution, then oldest).
import type { DuplicateGroupsResponse } from '../../../shared/contract';
import type { Catalog } from '../catalog';
import type { ResultRow } from '../catalog';
import { DHASH_BITS, DHASH_WORDS, hammingDistance, parseDhash } from '../extract/image';

/**
 * Hashes at most this many bits apart are the same picture. Measured on 1,249 eval photos: one
 * photo in six formats is within 0-4 bits, burst-like shots of one subject 5-20, unrelated photos
 * mostly 64 and more (look-alike product shots from 28 up). "Find similar" is looser (64 bits).
 */
export const DUPLICATE_GROUP_BITS = 24;
const BLOCKS = DHASH_BITS / 16;

/** Groups of indices into `words` (DHASH_WORDS per hash) whose hashes chain within maxBits (maxBits < 32). */
export function groupByHash(words: Uint32Array, maxBits = DUPLICATE_GROUP_BITS, stats?: { compared: number }): number[][] {
  if (maxBits >= BLOCKS * 2) throw new Error(`maxBits must be below ${BLOCKS * 2}`);
  const n = words.length / DHASH_WORDS;
  const block = (i: number, b: number) => (words[i * DHASH_WORDS + (b >> 1)]! >>> (b & 1 ? 0 : 16)) & 0xffff;
  // Per block: the hashes sorted by that block's value (counting sort), start offsets per value.
  const starts: Uint32Array[] = [];
  const items: Uint32Array[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const start = new Uint32Array(0x10001);
    for (let i = 0; i < n; i++) start[block(i, b) + 1]!++;
    for (let v = 0; v < 0x10000; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, 0x10000);
    const list = new Uint32Array(n);
    for (let i = 0; i < n; i++) list[fill[block(i, b)]!++] = i;
    starts.push(start);
    items.push(list);
  }
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const within = (i: number, j: number): boolean => {
    let d = 0;
    for (let w = 0; w < DHASH_WORDS && d <= maxBits; w++) d += popcount32((words[i * DHASH_WORDS + w]! ^ words[j * DHASH_WORDS + w]!) >>> 0);
    return d <= maxBits;
  };
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < BLOCKS; b++) {
      const v = block(i, b);
      const start = starts[b]!;
      const list = items[b]!;
      for (let k = -1; k < 16; k++) {
        const u = k < 0 ? v : v ^ (1 << k);
        for (let p = start[u]!, end = start[u + 1]!; p < end; p++) {
          const j = list[p]!;
          if (j <= i || seen[j] === i) continue;
          seen[j] = i;
          if (stats) stats.compared++;
          if (within(i, j)) {
            const a = find(i);
            const c = find(j);
            if (a !== c) parent[Math.max(a, c)] = Math.min(a, c);
          }
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

type Group = DuplicateGroupsResponse['groups'][number];

/** The suggested keeper: most pixels, then the oldest (taken, else modified), then the largest file, then the lowest id. */
export function compareKeeper(a: Pick<ResultRow, 'width' | 'height' | 'takenAt' | 'mtimeMs' | 'size' | 'fileId'>, b: typeof a): number {
  const px = (r: typeof a) => (r.width ?? 0) * (r.height ?? 0);
  const when = (r: typeof a) => (r.takenAt ? Date.parse(r.takenAt.endsWith('Z') ? r.takenAt : `${r.takenAt}Z`) : r.mtimeMs);
  return px(b) - px(a) || when(a) - when(b) || b.size - a.size || a.fileId - b.fileId;
}

export class DuplicateGroups {
  private groups: Group[] | null = null;

  constructor(private readonly catalog: Catalog) {}

  invalidate(): void {
    this.groups = null;
  }

  page(page: number, pageSize: number): DuplicateGroupsResponse {
    const t0 = performance.now();
    const groups = (this.groups ??= this.build());
    let files = 0;
    let redundant = 0;
    let redundantBytes = 0;
    for (const g of groups) {
      files += g.files.length;
      redundant += g.files.length - 1;
      redundantBytes += g.files.slice(1).reduce((s, f) => s + f.size, 0);
    }
    return {
      groups: groups.slice(page * pageSize, (page + 1) * pageSize),
      totalGroups: groups.length,
      totalFiles: files,
      redundantFiles: redundant,
      redundantBytes,
      page,
      maxBits: DUPLICATE_GROUP_BITS,
      tookMs: Math.round((performance.now() - t0) * 100) / 100,
    };
  }

  private build(): Group[] {
    const rows = this.catalog.imageMeta.allDhashes().filter((r) => r.dhash.length === DHASH_BITS / 4);
    const words = new Uint32Array(rows.length * DHASH_WORDS);
    rows.forEach((r, i) => words.set(parseDhash(r.dhash), i * DHASH_WORDS));
    // Content id -> its component (an id shared by the contents of one hash group).
    const component = new Map<number, number>();
    for (const g of groupByHash(words)) for (const i of g) component.set(rows[i]!.contentId, rows[g[0]!]!.contentId);
    // The same bytes in several files: one content, a group of its own (unless hashed into one already).
    const shared = this.catalog.db
      .prepare<[], { c: number }>(`SELECT content_id AS c FROM files WHERE kind = 'image' AND status = 'indexed' AND content_id IS NOT NULL GROUP BY content_id HAVING COUNT(*) > 1`)
      .all();
    for (const { c } of shared) if (!component.has(c)) component.set(c, c);
    const hashOf = new Map<number, Uint32Array>();
    rows.forEach((r, i) => {
      if (component.has(r.contentId)) hashOf.set(r.contentId, words.subarray(i * DHASH_WORDS, (i + 1) * DHASH_WORDS));
    });
    const byComponent = new Map<number, ResultRow[]>();
    for (const row of this.catalog.lookup.resolveContents([...component.keys()], { filters: { type: 'image' } })) {
      if (row.status !== 'indexed' || row.contentId === null) continue;
      const c = component.get(row.contentId)!;
      const list = byComponent.get(c);
      if (list) list.push(row);
      else byComponent.set(c, [row]);
    }
    const out: Group[] = [];
    for (const list of byComponent.values()) {
      if (list.length < 2) continue;
      list.sort(compareKeeper);
      const keeper = list[0]!;
      const kh = hashOf.get(keeper.contentId!);
      const sameBytes = list.every((r) => r.contentId === keeper.contentId);
      out.push({
        keeperId: keeper.fileId,
        sameBytes,
        files: list.map((r) => ({
          id: r.fileId,
          path: r.path,
          name: r.name,
          width: r.width,
          height: r.height,
          size: r.size,
          takenAt: r.takenAt,
          mtime: new Date(r.mtimeMs).toISOString(),
          distance: r.contentId === keeper.contentId || !kh ? 0 : (hashOf.get(r.contentId!) ? hammingDistance(kh, hashOf.get(r.contentId!)!) : 0),
        })),
      });
    }
    // Biggest groups first, then by the keeper's id (stable pages).
    return out.sort((a, b) => b.files.length - a.files.length || a.keeperId - b.keeperId);
  }
}
