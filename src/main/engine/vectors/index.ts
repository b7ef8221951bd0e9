// Public surface of the vector layer.
export { HnswIndex, DEFAULT_HNSW_PARAMS, indexFileBase } from './hnsw-index';
export type { HnswParams, OpenIndexOptions, OpenReport, Neighbor, KnnOptions } from './hnsw-index';
export { ModelIndexes, removeModelIndexFiles, type ModelIndexOptions } from './model-indexes';
export { inspectHnswFile, HnswFileError } from './hnsw-file';
export { normalizedArray, normalizeInPlace, dot, bruteForceTopK } from './vector-math';
export type { VectorSource, VectorSpace } from './types';
export * from './hnsw-index';
export * from './vector-math';
