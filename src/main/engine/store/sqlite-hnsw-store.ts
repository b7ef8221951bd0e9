// Today's LibraryStore: the SQLite catalog (rows, FTS5, vectors as the truth) and the two HNSW
// indexes of the active model derived from it. Each call delegates to what the engine already
// uses (Lookup, KeywordIndex, VectorsStore, HnswIndex), so behaviour is the engine's: filters
// become an `allowed` set of content ids for the image index (exact int8 scan when it is small),
// passages are filtered after the search by their file's row.
import type { Catalog, KeywordHit, KeywordSearchOptions, ChunkResultRow, ResultFilters, ResultRow } from '../catalog';
import type { HnswIndex, VectorSpace } from '../vectors';
import type { LibraryStore, NearestOptions, StoreStats, VectorHit, VectorItem } from './library-store';

/** Passages fetched per wanted result when filters are applied after the search. */
const CHUNK_OVERFETCH = 4;

export class SqliteHnswStore implements LibraryStore {
  readonly kind = 'sqlite-hnsw' as const;

  constructor(
    private readonly catalog: Catalog,
    readonly modelId: string,
    private readonly indexes: { images: HnswIndex; chunks: HnswIndex },
  ) {}

  async nearest(space: VectorSpace, query: Float32Array, k: number, opts: NearestOptions = {}): Promise<VectorHit[]> {
    const index = this.indexes[space];
    const { filters, ef } = opts;
    if (space === 'images') {
      const allowed = this.catalog.lookup.contentIdsMatching(filters);
      return index.knn(query, k, { ...(ef ? { ef } : {}), ...(allowed ? { allowed } : {}) }).map((n) => ({ id: n.id, score: n.score }));
    }
    if (!filters) return index.knn(query, k, ef ? { ef } : {}).map((n) => ({ id: n.id, score: n.score }));
    // Passages: search wider, keep those whose file passes the filters.
    const wide = index.knn(query, k * CHUNK_OVERFETCH, ef ? { ef: Math.max(ef, k * CHUNK_OVERFETCH) } : {});
    const pass = new Set(this.catalog.lookup.resolveChunks(wide.map((n) => n.id), { filters }).map((r) => r.chunkId));
    return wide.filter((n) => pass.has(n.id)).slice(0, k).map((n) => ({ id: n.id, score: n.score }));
  }

  async rowsForContents(contentIds: readonly number[], filters?: ResultFilters): Promise<ResultRow[]> {
    return this.catalog.lookup.resolveContents(contentIds, { filters });
  }

  async rowsForChunks(chunkIds: readonly number[], filters?: ResultFilters): Promise<ChunkResultRow[]> {
    return this.catalog.lookup.resolveChunks(chunkIds, { filters });
  }

  async keyword(text: string, opts?: KeywordSearchOptions): Promise<KeywordHit[]> {
    return this.catalog.keywords.search(text, opts);
  }

  async count(filters?: ResultFilters): Promise<number> {
    return this.catalog.lookup.count(filters);
  }

  async putVectors(space: VectorSpace, items: readonly VectorItem[]): Promise<void> {
    // SQLite first (the truth), then the derived index: the order the indexer commits in.
    if (space === 'images') this.catalog.vectors.putImages(this.modelId, items.map((i) => ({ contentId: i.id, vector: i.vector })));
    else this.catalog.vectors.putChunks(this.modelId, items.map((i) => ({ chunkId: i.id, vector: i.vector })));
    const index = this.indexes[space];
    for (const i of items) index.add(i.id, i.vector);
    index.maybeSave();
  }

  async removeVectors(space: VectorSpace, ids: readonly number[]): Promise<void> {
    // The catalog drops vectors with their content or passage (contents.gcOrphans); the index follows.
    this.indexes[space].removeMany(ids);
  }

  async stats(): Promise<StoreStats> {
    const c = this.catalog.files.countsByStatus();
    return {
      kind: this.kind,
      files: { indexed: c.indexed, failed: c.failed, queued: c.queued, skipped: c.skipped },
      vectors: { images: this.indexes.images.size, chunks: this.indexes.chunks.size },
    };
  }

  async flush(): Promise<void> {
    this.indexes.images.save();
    this.indexes.chunks.save();
  }
}
