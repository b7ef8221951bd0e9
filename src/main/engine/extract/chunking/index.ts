// Chunking of extracted documents into passages for the text embedder and the keyword index.
export { chunkDocument, chunkText } from './chunk-document';
export type { ChunkOptions, DocumentChunk } from './chunk-document';
export { estimateTokens } from './token-estimate';
export { splitSentences } from './sentences';
export type { Span } from './sentences';

/** CLIP text context is 77 tokens including start/end tokens. */
export const CLIP_CHUNK_TOKENS = 75;
/** Rows for the keyword (FTS5) index can be larger than what the embedder sees. */
export const KEYWORD_CHUNK_TOKENS = 256;
