// Fills an index's int8 mirror (int8-mirror.ts) from its HNSW file after the index has opened,
// a slice at a time with the event loop free in between, instead of during open: at 250k x 512
// quantising every vector took ~1.8 s of the 6.7 s open (bench/library-scale open-breakdown).
// Until it is done the index answers narrow filtered searches through the graph (slower, same
// results). The file is read through one descriptor opened at the start, so a save that renames
// a new file over it meanwhile does not mix two versions. Ids changed since open are skipped
// (`wanted` says no): the mirror already has their newer state.
import { open } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { HNSW_HEADER_BYTES, parseHeader } from './hnsw-file';
import type { Int8Mirror } from './int8-mirror';

/** Bytes of level-0 blocks per slice: ~1 ms of reading and ~6 ms of quantising at 512-d. */
const SLICE_BYTES = 2 << 20;

export interface FillHandle {
  /** Resolves with the number of vectors set once the whole file is read (or `cancel` was called). */
  done: Promise<number>;
  cancel(): void;
}

export function fillMirrorFromFile(file: string, dim: number, mirror: Int8Mirror, wanted: (label: number) => boolean): FillHandle {
  let cancelled = false;
  const done = (async () => {
    const fh = await open(file, 'r');
    try {
      const head = Buffer.alloc(HNSW_HEADER_BYTES);
      await fh.read(head, 0, HNSW_HEADER_BYTES, 0);
      const h = parseHeader(head);
      const per = h.sizeDataPerElement;
      const batch = Math.max(1, Math.floor(SLICE_BYTES / per));
      const buf = Buffer.alloc(batch * per);
      const u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
      const f32 = new Float32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
      let set = 0;
      for (let start = 0; start < h.count && !cancelled; start += batch) {
        const n = Math.min(batch, h.count - start);
        const { bytesRead } = await fh.read(buf, 0, n * per, HNSW_HEADER_BYTES + start * per);
        if (bytesRead < n * per || cancelled) break;
        for (let j = 0; j < n; j++) {
          const base = j * per;
          if (buf[base + 2]! & 1) continue; // marked deleted
          const label = u32[(base + h.labelOffset) >> 2]!;
          if (!wanted(label)) continue;
          const v0 = (base + h.offsetData) >> 2;
          mirror.set(label, f32.subarray(v0, v0 + dim));
          set++;
        }
        await yieldToEventLoop();
      }
      return set;
    } finally {
      await fh.close();
    }
  })();
  return { done, cancel: () => (cancelled = true) };
}
