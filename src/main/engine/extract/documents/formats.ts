// Which file names are documents, and which extractor reads them. The scanner uses
// isDocumentPath/DOCUMENT_EXTENSIONS to decide what to queue; extractDocument uses formatForPath.
// The choice is by extension on purpose: the scanner must decide without opening files, and a
// mislabelled file then fails cleanly as 'corrupt' in its parser.
import { extname } from 'node:path';
import type { DocumentFormat } from './types';

const byExtension: Readonly<Record<string, DocumentFormat>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.pptx': 'pptx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.mkd': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.epub': 'epub',
  '.odt': 'odt',
  '.odp': 'odp',
  '.rtf': 'rtf',
};

/** Lower-case extensions with the dot, e.g. '.pdf'. */
export const DOCUMENT_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(byExtension));

/** The format for a path by its extension (case-insensitive), or null when it is not a document we read. */
export function formatForPath(path: string): DocumentFormat | null {
  return byExtension[extname(path).toLowerCase()] ?? null;
}

export function isDocumentPath(path: string): boolean {
  return formatForPath(path) !== null;
}

/** Formats whose empty (0-byte) file is a legitimate empty document rather than a broken one. */
export function emptyFileIsValid(format: DocumentFormat): boolean {
  return format === 'text' || format === 'markdown' || format === 'html';
}
