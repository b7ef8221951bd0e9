// When an HNSW index is saved, and how. The file is derived data (SQLite holds every vector; what a
// crash loses since the last save is re-added at the next open), so the question is only the cost
// of rewriting it against the cost of re-adding: a small graph is rewritten every 1000 changes or
// 30 s; a large one less often, in proportion to its size (a 554 MB graph at 250k photos: every
// ~270 s or 2% of the index), and in the background (hnswlib writes on a libuv thread), because
// rewriting it on the main thread blocked searches for seconds (bench/library-scale).

/** Graphs at least this large are saved in the background, and the save interval grows with them. */
export const BACKGROUND_SAVE_MIN_BYTES = 64 << 20;

export interface SaveState {
  /** Changes since the last save. */
  changes: number;
  /** Live vectors. */
  live: number;
  /** Size of the graph in memory (and on disk). */
  graphBytes: number;
  /** ms since the last save. */
  sinceLastSaveMs: number;
}

export interface SaveOverrides {
  changes?: number;
  ms?: number;
  backgroundSaveMinBytes?: number;
}

/** 'none', or how to save now. */
export function saveDue(s: SaveState, o: SaveOverrides = {}): 'none' | 'now' | 'background' {
  if (s.changes === 0) return 'none';
  const everyChanges = o.changes ?? Math.max(1000, Math.ceil(s.live * 0.02));
  const everyMs = o.ms ?? 30_000 * Math.max(1, s.graphBytes / BACKGROUND_SAVE_MIN_BYTES);
  if (s.changes < everyChanges && s.sinceLastSaveMs < everyMs) return 'none';
  return s.graphBytes >= (o.backgroundSaveMinBytes ?? BACKGROUND_SAVE_MIN_BYTES) ? 'background' : 'now';
}
