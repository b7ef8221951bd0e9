// Public surface of the catalog layer (import from here, not from the individual repositories).
export { Catalog } from './catalog';
export { hashFile, hashBytes, CONTENT_HASH_ALGORITHM } from './content-hash';
export { toFtsMatch, parseTerms, type FtsQueryOptions, type PrefixMode } from './fts-query';
export { docMetaFrom, type DocMetaInput, type DocMetaRow } from './doc-meta';
export type { KeywordHit, KeywordSearchOptions, KeywordSource } from './keyword-index';
export type { ResultFilters, ResultRow, ChunkResultRow, ListOptions } from './lookup';
export type { ScannedFile, ScanChange } from './files';
export type { OrphanSweep } from './contents';
export type { VectorLike } from './vectors-store';
export { latestSchemaVersion } from './migrations/index';
export type * from './types';
