// Disk side of an HNSW index: load a file only after it passed validation and its sidecar names
// the right model, space and dimension; write atomically (temp file, size check, fsync, rename);
// clean temp files a crashed save left behind.
import hnswlib from 'hnswlib-node';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { inspectHnswFile, HNSW_HEADER_BYTES, type HnswFileInfo } from './hnsw-file';
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

/** Loads a validated index file, or returns why it cannot be used. The mirror comes back empty (see mirror-filler.ts). */
export function loadIndexFile(file: string, metaFile: string, want: IndexWanted): LoadedIndexFile | string {
  const checked = validateIndexFile(file, metaFile, want);
  if (typeof checked === 'string') return checked;
  const index = new hnswlib.HierarchicalNSW('ip', want.dim);
  try {
    index.readIndexSync(file, false);
  } catch (err) {
    return `hnswlib could not read the file: ${(err as Error).message}`;
  }
  return loaded(checked, index, want.dim);
}

/**
 * The same, with hnswlib's read (2.9 s of a 554 MB file at 250k x 512) on a libuv thread: the
 * event loop stays free meanwhile (the engine loads the text model beside it). The validation
 * before it stays on this thread: hnswlib must never see an unchecked file.
 */
export async function loadIndexFileAsync(file: string, metaFile: string, want: IndexWanted): Promise<LoadedIndexFile | string> {
  const checked = validateIndexFile(file, metaFile, want);
  if (typeof checked === 'string') return checked;
  const index = new hnswlib.HierarchicalNSW('ip', want.dim);
  try {
    await index.readIndex(file, false);
  } catch (err) {
    return `hnswlib could not read the file: ${(err as Error).message}`;
  }
  return loaded(checked, index, want.dim);
}

interface IndexWanted {
  modelId: string;
  space: VectorSpace;
  dim: number;
}

interface CheckedFile {
  info: HnswFileInfo;
  meta: IndexMeta;
  mirrorCapacity: number;
}

function validateIndexFile(file: string, metaFile: string, want: IndexWanted): CheckedFile | string {
  if (!existsSync(file)) return 'index file missing';
  const meta = readMeta(metaFile);
  if (!meta) return 'sidecar meta missing or unreadable';
  if (meta.modelId !== want.modelId || meta.space !== want.space) return `index belongs to ${meta.modelId}/${meta.space}`;
  if (meta.dim !== want.dim || meta.metric !== 'ip') return `index has dimension ${meta.dim} (${meta.metric}), expected ${want.dim} (ip)`;
  // Sized for the vectors the sidecar counts (bounded by what the file can hold): growing from 1024
  // by doubling copied the mirror 8 times at 250k vectors (bench/library-scale).
  const fits = Math.floor(statSync(file).size / (want.dim * 4));
  const mirrorCapacity = Math.max(1024, Math.min(fits, Math.ceil((Number(meta.count) || 0) * 1.05)));
  try {
    return { info: inspectHnswFile(file, { dim: want.dim }), meta, mirrorCapacity };
  } catch (err) {
    return `corrupt index file: ${(err as Error).message}`;
  }
}

function loaded(c: CheckedFile, index: hnswlib.HierarchicalNSW, dim: number): LoadedIndexFile {
  const { info } = c;
  const live = new Set<number>();
  const deleted = new Set<number>();
  for (let i = 0; i < info.count; i++) (info.deleted[i] ? deleted : live).add(info.labels[i]!);
  return { index, live, deleted, mirror: new Int8Mirror(dim, c.mirrorCapacity), M: info.M, efConstruction: info.efConstruction, fileBytes: info.fileBytes, meta: c.meta };
}

/** The least a complete file of this graph can be: hnswlib reports no write errors (std::ofstream). */
function minFileBytes(index: hnswlib.HierarchicalNSW, dim: number, M: number): number {
  return HNSW_HEADER_BYTES + index.getCurrentCount() * (dim * 4 + 8 + M * 8 + 4);
}

/** Writes the index to `file` atomically; returns the file size. Throws on any failure. */
export function writeIndexFileAtomic(index: hnswlib.HierarchicalNSW, file: string, dim: number, M: number): number {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    index.writeIndexSync(tmp);
    // hnswlib reports no write errors (std::ofstream): check the size before trusting the file.
    const expectMin = minFileBytes(index, dim, M);
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
 * The same with hnswlib's write on a libuv thread (searches go on meanwhile; the caller must not
 * change the graph until this settles). `stillWanted` is asked once the bytes are written: when a
 * newer save or a rebuild overtook this one, the temp file is dropped and null returned.
 */
export async function writeIndexFileInBackground(index: hnswlib.HierarchicalNSW, file: string, dim: number, M: number, stillWanted: () => boolean): Promise<number | null> {
  const tmp = `${file}.tmp-${process.pid}-bg`;
  const expectMin = minFileBytes(index, dim, M);
  try {
    await index.writeIndex(tmp);
    if (!stillWanted()) {
      await rm(tmp, { force: true });
      return null;
    }
    const size = (await stat(tmp).catch(() => null))?.size ?? -1;
    if (size < expectMin) throw new Error(`short write (${size} bytes, expected at least ${expectMin})`);
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (!stillWanted()) {
      await rm(tmp, { force: true });
      return null;
    }
    renameSync(tmp, file);
    return size;
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * Deletes `<file>.tmp-<pid>[-bg]` left by a save that crashed. A temp whose process still runs is
 * another process's save in progress (a reader opening the same library): left alone.
 */
export function removeStaleTemps(file: string): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.tmp-`;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix)) {
      if (processAlive(Number(name.slice(prefix.length).split('-')[0]))) continue;
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
