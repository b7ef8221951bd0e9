// Disk side of an HNSW index: load a file only after it passed validation and its sidecar names
// the right model, space and dimension; write atomically (temp file, size check, fsync, rename);
// clean temp files a crashed save left behind.
import hnswlib from 'hnswlib-node';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inspectHnswFile, HNSW_HEADER_BYTES } from './hnsw-file';
import { readMeta, type IndexMeta } from './index-meta';
import { Int8Mirror } from './int8-mirror';
import type { VectorSpace } from './types';

export interface LoadedIndexFile {
  index: hnswlib.HierarchicalNSW;
  live: Set<number>;
  deleted: Set<number>;
  mirror: Int8Mirror;
  M: number;
  efConstruction: number;
  fileBytes: number;
  meta: IndexMeta;
}

/** Loads a validated index file, or returns why it cannot be used. */
export function loadIndexFile(file: string, metaFile: string, want: { modelId: string; space: VectorSpace; dim: number }): LoadedIndexFile | string {
  if (!existsSync(file)) return 'index file missing';
  const meta = readMeta(metaFile);
  if (!meta) return 'sidecar meta missing or unreadable';
  if (meta.modelId !== want.modelId || meta.space !== want.space) return `index belongs to ${meta.modelId}/${meta.space}`;
  if (meta.dim !== want.dim || meta.metric !== 'ip') return `index has dimension ${meta.dim} (${meta.metric}), expected ${want.dim} (ip)`;
  // Sized for the vectors the sidecar counts (bounded by what the file can hold): growing from 1024
  // by doubling copied the mirror 8 times at 250k vectors (bench/library-scale).
  const fits = Math.floor(statSync(file).size / (want.dim * 4));
  const mirror = new Int8Mirror(want.dim, Math.max(1024, Math.min(fits, Math.ceil((Number(meta.count) || 0) * 1.05))));
  let info;
  try {
    info = inspectHnswFile(file, { dim: want.dim, onVector: (label, v) => mirror.set(label, v) });
  } catch (err) {
    return `corrupt index file: ${(err as Error).message}`;
  }
  const index = new hnswlib.HierarchicalNSW('ip', want.dim);
  try {
    index.readIndexSync(file, false);
  } catch (err) {
    return `hnswlib could not read the file: ${(err as Error).message}`;
  }
  const live = new Set<number>();
  const deleted = new Set<number>();
  for (let i = 0; i < info.count; i++) (info.deleted[i] ? deleted : live).add(info.labels[i]!);
  return { index, live, deleted, mirror, M: info.M, efConstruction: info.efConstruction, fileBytes: info.fileBytes, meta };
}

/** Writes the index to `file` atomically; returns the file size. Throws on any failure. */
export function writeIndexFileAtomic(index: hnswlib.HierarchicalNSW, file: string, dim: number, M: number): number {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    index.writeIndexSync(tmp);
    // hnswlib reports no write errors (std::ofstream): check the size before trusting the file.
    const expectMin = HNSW_HEADER_BYTES + index.getCurrentCount() * (dim * 4 + 8 + M * 8 + 4);
    const size = existsSync(tmp) ? statSync(tmp).size : -1;
    if (size < expectMin) throw new Error(`short write (${size} bytes, expected at least ${expectMin})`);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return size;
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {}
    throw err;
  }
}

/**
 * Deletes `<file>.tmp-<pid>` left by a save that crashed. A temp whose process still runs is
 * another process's save in progress (a reader opening the same library): left alone.
 */
export function removeStaleTemps(file: string): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.tmp-`;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix)) {
      if (processAlive(Number(name.slice(prefix.length)))) continue;
      try {
        unlinkSync(join(dir, name));
      } catch {}
    }
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
