// The storage a library stands on, as one interface: the catalog rows search shows and filters on,
// the keyword index, and the vectors with their nearest-neighbour search. Two implementations are
// meant to sit behind it (docs/scale.md):
//   - SqliteHnswStore (sqlite-hnsw-store.ts): today's store, one process on one machine: the SQLite
//     catalog (truth, vectors included) and the HNSW files derived from it. Written now.
//   - a PostgreSQL + pgvector store for a server that several desktop clients share (a family's or
//     a team's library on a NAS): catalog and vectors in one database, nearest-neighbour search by
//     pgvector's HNSW index inside the same SQL query as the filters. On paper (docs/scale.md).
// Every call returns a promise: SQLite answers at once, a database server over the network does not,
// and callers written against this interface must not care which. Only what the search path and the
// committer need is here; ingest bookkeeping (jobs, scan diffs) stays with the catalog for now.
// Nothing calls this interface yet: the search service and the indexer still use Catalog and
// HnswIndex directly (no behaviour change); moving them onto it is the first step of the server work.
import type { FileStatus } from '../../../shared/contract';
import type { KeywordHit, KeywordSearchOptions, ChunkResultRow, ResultFilters, ResultRow } from '../catalog';
import type { VectorSpace } from '../vectors';

export type { ChunkResultRow, KeywordHit, ResultFilters, ResultRow, VectorSpace };

/** One nearest-neighbour hit: a content id ('images') or chunk id ('chunks'), cosine similarity. */
export interface VectorHit {
  id: number;
  score: number;
}

export interface NearestOptions {
  /** Only ids of files passing these filters (type, folder, dates, GPS, camera). */
  filters?: ResultFilters;
  /** Search breadth (HNSW ef / pgvector hnsw.ef_search); the store's default when absent. */
  ef?: number;
}

export interface VectorItem {
  /** Content id ('images') or chunk id ('chunks'). */
  id: number;
  vector: Float32Array;
}

export interface StoreStats {
  kind: LibraryStore['kind'];
  files: Record<FileStatus, number>;
  /** Vectors searchable for the model, per space. */
  vectors: Record<VectorSpace, number>;
}

export interface LibraryStore {
  readonly kind: 'sqlite-hnsw' | 'postgres-pgvector';
  /** The model whose vectors this store serves (one active model at a time). */
  readonly modelId: string;

  /** The k nearest vectors of a space to a unit query vector, best first; fewer when the filters pass fewer. */
  nearest(space: VectorSpace, query: Float32Array, k: number, opts?: NearestOptions): Promise<VectorHit[]>;
  /** Catalog rows of contents (one per file holding the content), in the given order, filters applied. */
  rowsForContents(contentIds: readonly number[], filters?: ResultFilters): Promise<ResultRow[]>;
  /** Catalog rows of passages (with their file's row), in the given order, filters applied. */
  rowsForChunks(chunkIds: readonly number[], filters?: ResultFilters): Promise<ChunkResultRow[]>;
  /** Keyword (full-text) matches: file names, metadata, document and OCR text. */
  keyword(text: string, opts?: KeywordSearchOptions): Promise<KeywordHit[]>;
  /** Matches of the filters among indexed files (exact, for totals). */
  count(filters?: ResultFilters): Promise<number>;

  /**
   * Stores vectors (replacing an id's earlier vector) and makes them searchable. The caller has
   * committed the rows they belong to; the store's own order (durable first, then searchable)
   * makes a crash lose nothing.
   */
  putVectors(space: VectorSpace, items: readonly VectorItem[]): Promise<void>;
  /**
   * Removes ids from search (their content or passage left the library). Stored vectors go with
   * their rows, not with this call: SQLite's when contents.gcOrphans deletes the content, a
   * database's by ON DELETE CASCADE; an id whose row is still there comes back at the next open.
   */
  removeVectors(space: VectorSpace, ids: readonly number[]): Promise<void>;

  stats(): Promise<StoreStats>;
  /** Persists what is only in memory (HNSW files); a no-op for a database. */
  flush(): Promise<void>;
}
