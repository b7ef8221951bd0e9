// Reads and checks an hnswlib index file in JS before the native loader sees it. hnswlib trusts
// its input: a truncated or scribbled file can make it read out of bounds and crash the process,
// so we validate the header against the expected dimension, walk every element's links (counts
// within M, neighbour ids within the element count), check labels are unique 32-bit ids, check
// stored vectors are unit length (we only store normalised vectors), and require the file to end
// exactly where the link lists do. As a by-product we learn each element's label and its
// "deleted" mark, which the Node binding does not expose, for reconciliation with SQLite.
//
// Format (hnswlib 0.8, little-endian, size_t = 8 bytes): a 96-byte header, then cur_count level-0
// blocks of size_data_per_element bytes [u32 link header: u16 count, u8 flags (bit 0 = deleted),
// u8 unused | maxM0 x u32 neighbours | dim x f32 vector | u64 label], then per element a u32 byte
// length of its upper-level link lists followed by that many bytes (level blocks of
// 4 + maxM x 4 bytes, each starting with a u32 count).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export const HNSW_HEADER_BYTES = 96;

export interface HnswHeader {
  maxElements: number;
  count: number;
  sizeDataPerElement: number;
  labelOffset: number;
  offsetData: number;
  maxLevel: number;
  enterPoint: number;
  maxM: number;
  maxM0: number;
  M: number;
  efConstruction: number;
}

export interface HnswFileInfo extends HnswHeader {
  fileBytes: number;
  /** label of each element, by internal id */
  labels: Uint32Array;
  /** 1 where the element is marked deleted */
  deleted: Uint8Array;
}

export class HnswFileError extends Error {}

function fail(msg: string): never {
  throw new HnswFileError(msg);
}

/** Reads exactly buf.length bytes at `pos`, or throws (HnswFileError) at the end of the file. */
export function readExact(fd: number, buf: Uint8Array, pos: number): void {
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, pos + off);
    if (n <= 0) fail(`unexpected end of file at byte ${pos + off}`);
    off += n;
  }
}

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`header value at ${at} out of range`);
  return Number(v);
}

export function parseHeader(b: Buffer): HnswHeader {
  if (b.length < HNSW_HEADER_BYTES) fail('file shorter than the header');
  if (u64(b, 0) !== 0) fail('unexpected level-0 offset');
  return {
    maxElements: u64(b, 8),
    count: u64(b, 16),
    sizeDataPerElement: u64(b, 24),
    labelOffset: u64(b, 32),
    offsetData: u64(b, 40),
    maxLevel: b.readInt32LE(48),
    enterPoint: b.readUInt32LE(52),
    maxM: u64(b, 56),
    maxM0: u64(b, 64),
    M: u64(b, 72),
    efConstruction: u64(b, 88),
  };
}

export interface InspectOptions {
  /** Expected vector dimension. */
  dim: number;
  /** Check each stored vector has unit L2 norm (within 1e-2). Default true. */
  unitNorm?: boolean;
  /** Called for each element not marked deleted with its vector (a view, valid during the call). */
  onVector?: (label: number, vector: Float32Array) => void;
}

/** Validates an index file; throws HnswFileError with the reason when it is not usable. */
export function inspectHnswFile(path: string, opts: InspectOptions): HnswFileInfo {
  const fd = openSync(path, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    const hb = Buffer.alloc(HNSW_HEADER_BYTES);
    if (fileBytes < HNSW_HEADER_BYTES) fail(`file is ${fileBytes} bytes, shorter than the header`);
    readExact(fd, hb, 0);
    const h = parseHeader(hb);
    const dim = opts.dim;
    const linksL0 = h.maxM0 * 4 + 4;
    if (h.M < 2 || h.M > 4096 || h.maxM !== h.M || h.maxM0 !== 2 * h.M) fail(`implausible M=${h.M} maxM=${h.maxM} maxM0=${h.maxM0}`);
    if (h.offsetData !== linksL0) fail('data offset does not match M');
    if (h.labelOffset !== linksL0 + dim * 4) fail(`vectors are not ${dim}-dimensional (label offset ${h.labelOffset})`);
    if (h.sizeDataPerElement !== linksL0 + dim * 4 + 8) fail('element size does not match M and dimension');
    if (h.count > h.maxElements) fail(`element count ${h.count} above capacity ${h.maxElements}`);
    const level0End = HNSW_HEADER_BYTES + h.count * h.sizeDataPerElement;
    if (level0End + h.count * 4 > fileBytes) fail(`file truncated: ${fileBytes} bytes, level 0 alone needs ${level0End + h.count * 4}`);
    if (h.count === 0) {
      if (level0End !== fileBytes) fail('empty index with trailing bytes');
      return { ...h, fileBytes, labels: new Uint32Array(0), deleted: new Uint8Array(0) };
    }
    if (h.enterPoint >= h.count) fail('entry point out of range');
    if (h.maxLevel < 0 || h.maxLevel > 64) fail(`implausible top level ${h.maxLevel}`);

    const labels = new Uint32Array(h.count);
    const deleted = new Uint8Array(h.count);
    const seen = new Set<number>();
    const per = h.sizeDataPerElement;
    const batch = Math.max(1, Math.floor((8 << 20) / per));
    const buf = Buffer.alloc(batch * per);
    // Typed views for speed: every field we read is 4-byte aligned (all sizes are multiples of 4).
    const u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
    const f32 = new Float32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
    const unitNorm = opts.unitNorm ?? true;
    for (let start = 0; start < h.count; start += batch) {
      const n = Math.min(batch, h.count - start);
      readExact(fd, buf.subarray(0, n * per), HNSW_HEADER_BYTES + start * per);
      for (let j = 0; j < n; j++) {
        const base = j * per;
        const w = base >> 2;
        const id = start + j;
        const cnt = u32[w]! & 0xffff;
        if (cnt > h.maxM0) fail(`element ${id}: ${cnt} level-0 links, above ${h.maxM0}`);
        deleted[id] = buf[base + 2]! & 1;
        for (let k = 1; k <= cnt; k++) if (u32[w + k]! >= h.count) fail(`element ${id}: link out of range`);
        if (unitNorm) {
          const v0 = (base + h.offsetData) >> 2;
          let s = 0;
          for (let d = 0; d < dim; d++) {
            const x = f32[v0 + d]!;
            s += x * x;
          }
          if (!(Math.abs(s - 1) < 1e-2)) fail(`element ${id}: stored vector is not unit length (|v|^2 = ${s})`);
        }
        const lo = u32[(base + h.labelOffset) >> 2]!;
        if (u32[((base + h.labelOffset) >> 2) + 1] !== 0) fail(`element ${id}: label out of range`);
        if (seen.has(lo)) fail(`duplicate label ${lo}`);
        seen.add(lo);
        labels[id] = lo;
        if (opts.onVector && !deleted[id]) {
          const v0 = (base + h.offsetData) >> 2;
          opts.onVector(lo, f32.subarray(v0, v0 + dim));
        }
      }
    }

    const tailBytes = fileBytes - level0End;
    const tail = Buffer.alloc(tailBytes);
    readExact(fd, tail, level0End);
    const linksUpper = h.maxM * 4 + 4;
    let pos = 0;
    let topCount = 0;
    for (let id = 0; id < h.count; id++) {
      if (pos + 4 > tailBytes) fail(`file truncated in the link lists (element ${id})`);
      const size = tail.readUInt32LE(pos);
      pos += 4;
      if (id === h.enterPoint && size / linksUpper !== h.maxLevel) fail('entry point is not on the top level');
      if (size === 0) continue;
      if (size % linksUpper !== 0) fail(`element ${id}: bad upper-level link size`);
      const levels = size / linksUpper;
      if (levels > h.maxLevel) fail(`element ${id}: level ${levels} above the top level ${h.maxLevel}`);
      if (levels === h.maxLevel) topCount++;
      if (pos + size > tailBytes) fail(`file truncated in the link lists (element ${id})`);
      for (let lv = 0; lv < levels; lv++) {
        const at = pos + lv * linksUpper;
        const cnt = tail.readUInt16LE(at);
        if (cnt > h.maxM) fail(`element ${id}: ${cnt} links at level ${lv + 1}, above ${h.maxM}`);
        for (let k = 0; k < cnt; k++) if (tail.readUInt32LE(at + 4 + k * 4) >= h.count) fail(`element ${id}: upper link out of range`);
      }
      pos += size;
    }
    if (pos !== tailBytes) fail(`${tailBytes - pos} unexpected trailing bytes`);
    if (h.maxLevel > 0 && topCount === 0) fail('no element on the top level');
    return { ...h, fileBytes, labels, deleted };
  } finally {
    closeSync(fd);
  }
}
