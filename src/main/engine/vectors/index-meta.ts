// The sidecar written next to each HNSW file, after it: which model and space the index belongs
// to, its dimension, metric and build parameters, and a fingerprint of its id set. open() uses it
// to refuse an index built for another model (never mix models) and to log what changed since.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic-write';
import type { VectorSpace } from './types';

export const INDEX_FORMAT = 1;

export interface IndexMeta {
  format: number;
  modelId: string;
  space: VectorSpace;
  metric: 'ip';
  dim: number;
  M: number;
  efConstruction: number;
  /** Live (not deleted) vectors. */
  count: number;
  /** Largest live id, and the sum of live ids: a cheap fingerprint of the id set. */
  maxId: number;
  idSum: number;
  /** Size of the index file this meta was written for. */
  fileBytes: number;
  savedAt: string;
}

export function readMeta(path: string): IndexMeta | null {
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<IndexMeta>;
    if (m.format !== INDEX_FORMAT || typeof m.modelId !== 'string' || typeof m.dim !== 'number') return null;
    return m as IndexMeta;
  } catch {
    return null;
  }
}

export function writeMeta(path: string, meta: IndexMeta): void {
  writeFileAtomic(path, JSON.stringify(meta, null, 2));
}

export function idFingerprint(ids: Iterable<number>): { count: number; maxId: number; idSum: number } {
  let count = 0;
  let maxId = 0;
  let idSum = 0;
  for (const id of ids) {
    count++;
    if (id > maxId) maxId = id;
    idSum += id;
  }
  return { count, maxId, idSum };
}
