// Options, parameters and result shapes of HnswIndex (hnsw-index.ts), kept apart so the index
// file stays about behaviour.
import type { VectorSource } from './types';

export interface HnswParams {
  /** Graph degree. */
  M: number;
  /** Build-time beam width. */
  efConstruction: number;
  /** Default query-time beam width (raised to k when k is larger). */
  efSearch: number;
}

/**
 * Chosen with bench/query-vectors at 100k x 512 (bench/results/query-vectors.json): M=16 needed
 * ef > 512 for recall@10 0.98 on CLIP-like data; M=32 reaches 0.984 at ef 256 with top-100 +
 * join p95 under 10 ms, for 2x the build time (inserts stay far faster than inference).
 */
export const DEFAULT_HNSW_PARAMS: HnswParams = { M: 32, efConstruction: 200, efSearch: 256 };

export interface OpenIndexOptions {
  /** Folder holding the index files (e.g. DataDir.indexesDir). */
  dir: string;
  /** The SQLite vectors of this model and space. */
  source: VectorSource;
  /** Expected dimension; defaults to the one pinned in SQLite. Required while SQLite has no vector. */
  dim?: number;
  params?: Partial<HnswParams>;
  /** maybeSave() thresholds. Default: 1000 changes (2% of a larger index) or 30 s (longer for graphs past 64 MB). */
  saveEvery?: { changes?: number; ms?: number };
  /** Graphs of at least this many bytes are saved in the background by maybeSave() (default 64 MB). */
  backgroundSaveMinBytes?: number;
  /** Progress of a rebuild / large reconcile (added so far, total to add). */
  onProgress?: (done: number, total: number) => void;
}

export interface OpenReport {
  action: 'created' | 'loaded' | 'rebuilt';
  /** Why the file was not used as is (rebuilt), if it was not. */
  reason: string | null;
  /** Vectors added from SQLite (reconcile or rebuild). */
  added: number;
  /** Ids marked deleted because SQLite no longer has them. */
  removed: number;
  count: number;
  ms: number;
}

export interface Neighbor {
  id: number;
  /** Cosine similarity (1 = same direction). */
  score: number;
  /** hnswlib inner-product distance, 1 - score. */
  distance: number;
}

export interface KnnOptions {
  /** Beam width for this query (default: the index's efSearch; never below k). */
  ef?: number;
  /**
   * Only these ids may be returned (e.g. Lookup.contentIdsMatching(filters)). The index picks a
   * strategy from the share of ids allowed: a wide set is filtered inside the graph search; a
   * narrower one is over-fetched without a filter (calling into JS per visited node is the
   * expensive part) and falls back to the in-graph filter when over-fetching comes up short.
   */
  allowed?: ReadonlySet<number>;
  /** Arbitrary predicate, checked inside the graph search (one JS call per visited candidate). */
  filter?: (id: number) => boolean;
  /** With a filter, ef is raised to at least k * overfetch (default 4) to keep recall. */
  overfetch?: number;
  /** Largest `allowed` set scanned exactly instead of searched (default ~5M / dim: 9765 at 512-d). */
  exactScanMax?: number;
}
