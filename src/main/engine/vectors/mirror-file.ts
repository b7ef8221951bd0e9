// The int8 mirror (int8-mirror.ts) saved beside its HNSW file, `<base>.mirror`: at 250k x 512 it
// is 130 MB against the graph's 554 MB, and reading it back is one sequential read, while hnswlib
// rebuilds the graph element by element (2.9 s at load 1). HnswIndex.openAsync reads it first and
// answers searches from it exactly until the graph is in memory.
//
// Layout (little-endian): 32-byte header [magic "GLIMIRR1" | u32 dim | u32 slots | u32 crc32 of
// the body | u32 0 | u64 body bytes], then the body: u32 label per slot, u8 occupied per slot
// (padded to 4 bytes), f32 scale per slot, int8 x dim per slot. A file whose size, header or
// checksum is off is not used (the index then fills the mirror from the graph file instead).
// The file is a cache: written atomically after each save of the index, and reconciled with
// SQLite on open like the graph.
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { readExact } from './hnsw-file';
import { Int8Mirror } from './int8-mirror';
import type { VectorSource } from './types';
import { normalizedArray } from './vector-math';

const MAGIC = 'GLIMIRR1';
const HEADER_BYTES = 32;
/** Rows written or read per call. */
const CHUNK_ROWS = 4096;

const pad4 = (n: number): number => (n + 3) & ~3;

function bodyBytes(slots: number, dim: number): number {
  return slots * 4 + pad4(slots) + slots * 4 + slots * dim;
}

/** Writes the mirror to `path` atomically (temp file, fsync, rename). Throws on failure. */
export function writeMirrorFile(path: string, mirror: Int8Mirror): void {
  const { count, entries, data, scale } = mirror.slots();
  const dim = mirror.dim;
  const labels = new Uint32Array(count);
  const occupied = new Uint8Array(pad4(count));
  for (const [label, slot] of entries) {
    labels[slot] = label;
    occupied[slot] = 1;
  }
  const parts: Uint8Array[] = [
    new Uint8Array(labels.buffer, 0, count * 4),
    occupied,
    new Uint8Array(scale.buffer, scale.byteOffset, count * 4),
  ];
  for (let r = 0; r < count; r += CHUNK_ROWS) {
    const end = Math.min(count, r + CHUNK_ROWS);
    parts.push(new Uint8Array(data.buffer, data.byteOffset + r * dim, (end - r) * dim));
  }
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  const head = Buffer.alloc(HEADER_BYTES);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(dim, 8);
  head.writeUInt32LE(count, 12);
  head.writeUInt32LE(crc >>> 0, 16);
  head.writeBigUInt64LE(BigInt(bodyBytes(count, dim)), 24);
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, head);
    for (const p of parts) writeAll(fd, p);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {}
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

function writeAll(fd: number, b: Uint8Array): void {
  let off = 0;
  while (off < b.length) off += writeSync(fd, b, off, b.length - off);
}


/** Reads a mirror file for vectors of `dim`; returns why it cannot be used instead of throwing. */
export function readMirrorFile(path: string, dim: number, headroom = 1.05): Int8Mirror | string {
  if (!existsSync(path)) return 'no mirror file';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return `mirror file unreadable: ${(err as Error).message}`;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER_BYTES) return 'mirror file shorter than its header';
    const head = Buffer.alloc(HEADER_BYTES);
    readExact(fd, head, 0);
    if (head.toString('latin1', 0, 8) !== MAGIC) return 'not a mirror file';
    if (head.readUInt32LE(8) !== dim) return `mirror file holds ${head.readUInt32LE(8)}-d vectors, expected ${dim}`;
    const slots = head.readUInt32LE(12);
    const want = head.readUInt32LE(16);
    const body = bodyBytes(slots, dim);
    if (Number(head.readBigUInt64LE(24)) !== body || size !== HEADER_BYTES + body) return `mirror file is ${size} bytes, its header says ${HEADER_BYTES + body}`;
    const labels = new Uint32Array(slots);
    const occupied = new Uint8Array(pad4(slots));
    let crc = 0;
    let pos = HEADER_BYTES;
    const read = (b: Uint8Array): void => {
      readExact(fd, b, pos);
      pos += b.length;
      crc = crc32(b, crc);
    };
    read(new Uint8Array(labels.buffer));
    read(occupied);
    const mirror = Int8Mirror.restore(dim, Math.ceil(slots * headroom) + 16, labels, occupied, (data, scale) => {
      read(new Uint8Array(scale.buffer, scale.byteOffset, slots * 4));
      for (let r = 0; r < slots; r += CHUNK_ROWS) {
        const end = Math.min(slots, r + CHUNK_ROWS);
        read(new Uint8Array(data.buffer, data.byteOffset + r * dim, (end - r) * dim));
      }
    });
    if (crc >>> 0 !== want) return 'mirror file checksum mismatch';
    return mirror;
  } catch (err) {
    return `mirror file unreadable: ${(err as Error).message}`;
  } finally {
    closeSync(fd);
  }
}

/**
 * Brings a mirror read from its file in line with SQLite: ids SQLite no longer has leave it, ids it
 * lacks are read from SQLite (normalised). `truth` lists SQLite's ids, `truthSet` holds the same.
 */
export function reconcileMirror(mirror: Int8Mirror, truth: readonly number[], truthSet: ReadonlySet<number>, source: VectorSource): { added: number; removed: number } {
  let removed = 0;
  for (const [id] of [...mirror.slots().entries]) {
    if (!truthSet.has(id)) {
      mirror.delete(id);
      removed++;
    }
  }
  const missing = truth.filter((id) => !mirror.has(id));
  for (let i = 0; i < missing.length; i += 1000) {
    for (const [id, v] of source.get(missing.slice(i, i + 1000))) mirror.set(id, normalizedArray(v, mirror.dim, `${source.space} vector ${id}`));
  }
  return { added: missing.length, removed };
}
