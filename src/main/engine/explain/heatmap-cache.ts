// Finished explanations, keyed by a hash of (query, image content, model, method, rendering options):
// a small in-memory LRU in front of files under the cache dir (<key>.png + <key>.json, the JSON
// written last so its presence means the pair is complete). Reading a corrupt entry is a miss. The
// disk side is pruned to the newest `maxDiskEntries` now and then, so it cannot grow without bound.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import { logger } from '../util/logger';
import type { SeenRect } from './heat-map';

const log = logger('explain');

export interface StoredExplanation {
  method: 'occlusion' | 'patch';
  grid: number[][];
  width: number;
  height: number;
  overlayPng: Buffer;
  overlayWidth: number;
  overlayHeight: number;
  seen: SeenRect;
  score: number;
  range: { min: number; max: number };
  masks?: number;
  fallbackReason?: string;
  /** Time the explanation took to compute (not to fetch from the cache). */
  computeMs: number;
  /** Where that time went: image decode + preprocessing, query embedding, saliency, grid + PNG. */
  timings: { decodeMs: number; queryMs: number; saliencyMs: number; renderMs: number };
}

export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export class HeatmapCache {
  private readonly memory = new Map<string, StoredExplanation>();
  private writes = 0;

  constructor(
    private readonly dir: string | null,
    private readonly maxEntries = 64,
    private readonly maxDiskEntries = 2000,
  ) {}

  private paths(key: string): { json: string; png: string; folder: string } {
    const folder = join(this.dir!, key.slice(0, 2));
    return { folder, json: join(folder, `${key}.json`), png: join(folder, `${key}.png`) };
  }

  get(key: string): StoredExplanation | null {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key); // refresh LRU position
      this.memory.set(key, hit);
      return hit;
    }
    if (!this.dir) return null;
    const { json, png } = this.paths(key);
    if (!existsSync(json)) return null;
    try {
      const meta = JSON.parse(readFileSync(json, 'utf8')) as Omit<StoredExplanation, 'overlayPng'>;
      const value: StoredExplanation = { ...meta, overlayPng: readFileSync(png) };
      this.remember(key, value);
      return value;
    } catch (err) {
      log.warn(`ignoring unreadable cached explanation ${json}: ${(err as Error).message}`);
      return null;
    }
  }

  set(key: string, value: StoredExplanation): void {
    this.remember(key, value);
    if (!this.dir) return;
    try {
      const { folder, json, png } = this.paths(key);
      mkdirSync(folder, { recursive: true });
      writeFileAtomic(png, value.overlayPng);
      const { overlayPng: _png, ...meta } = value;
      writeFileAtomic(json, JSON.stringify(meta));
      if (++this.writes % 50 === 1) this.prune();
    } catch (err) {
      log.warn(`cannot cache explanation on disk: ${(err as Error).message}`);
    }
  }

  /** Deletes the oldest entries beyond maxDiskEntries. */
  prune(): void {
    if (!this.dir || !existsSync(this.dir)) return;
    const entries: { base: string; mtime: number }[] = [];
    for (const sub of readdirSync(this.dir)) {
      const folder = join(this.dir, sub);
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      for (const f of readdirSync(folder)) {
        if (!f.endsWith('.json')) continue;
        try {
          entries.push({ base: join(folder, f.slice(0, -5)), mtime: statSync(join(folder, f)).mtimeMs });
        } catch {}
      }
    }
    if (entries.length <= this.maxDiskEntries) return;
    entries.sort((a, b) => a.mtime - b.mtime);
    for (const e of entries.slice(0, entries.length - this.maxDiskEntries)) {
      rmSync(`${e.base}.json`, { force: true });
      rmSync(`${e.base}.png`, { force: true });
    }
  }

  private remember(key: string, value: StoredExplanation): void {
    this.memory.set(key, value);
    while (this.memory.size > this.maxEntries) this.memory.delete(this.memory.keys().next().value!);
  }
}
