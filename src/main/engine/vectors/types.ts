// Shared types of the vector layer. A VectorSource is where an index's truth lives (the SQLite
// vector tables); the HNSW file is derived from it and reconciled against it at open.

/** 'images': labels are content ids; 'chunks': labels are chunk ids. */
export type VectorSpace = 'images' | 'chunks';

export interface VectorSource {
  readonly modelId: string;
  readonly space: VectorSpace;
  /** The dimension the source holds for this model, or null when it has no vector yet. */
  dim(): number | null;
  count(): number;
  /** Every id that has a vector for this model. */
  ids(): number[];
  /** Vectors for the given ids (absent ids are missing from the map). */
  get(ids: readonly number[]): Map<number, Float32Array>;
  /** Streams every (id, vector) for this model. Do not touch the catalog inside the loop. */
  iterate(): IterableIterator<{ id: number; vector: Float32Array }>;
}
