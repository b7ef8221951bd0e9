// Document text extraction: the API the ingest pipeline and the scanner use.
export { extractDocument, configureDocumentExtraction, closeDocumentExtraction } from './extract-document';
export { parseDocumentBuffer } from './parse-document';
export { DOCUMENT_EXTENSIONS, formatForPath, isDocumentPath } from './formats';
export { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from './types';
export type { DocumentFormat, DocumentPage, ExtractedDocument, ExtractOptions } from './types';
export type { PoolOptions } from './worker-pool';
export * from './formats';
export * from './types';
