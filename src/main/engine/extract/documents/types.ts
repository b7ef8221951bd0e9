// Shapes shared by the document extractors, the worker pool and the chunker. Plain data only, so a
// result can cross postMessage (structured clone) unchanged.

/** Document formats the extractor understands; the value is stable and may be stored in the catalog. */
export type DocumentFormat = 'pdf' | 'docx' | 'pptx' | 'markdown' | 'text' | 'html' | 'epub' | 'odt' | 'odp' | 'rtf';

export interface DocumentPage {
  /** 1-based page (PDF) or slide (PPTX, ODP) number; null for formats without pages. */
  page: number | null;
  /** Visible text of that page: '\n' between lines, '\n\n' between paragraphs, no trailing spaces. */
  text: string;
  /**
   * PDF: the page has no text layer, or too little text for its area (a scan, a photo of a page): it
   * is to be rendered and read by OCR. Absent otherwise.
   */
  needsOcr?: boolean;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  /** The document's own title (PDF info/XMP, core.xml, <title>, front matter, ...), never the file name. */
  title: string | null;
  /**
   * Paged formats: one entry per page/slide in order (empty pages keep an entry with text '').
   * Other formats: exactly one entry with page null.
   */
  pages: DocumentPage[];
  /** Whatever the format declares: author, subject, keywords, created, modified, producer, language, ... */
  metadata: Record<string, string>;
}

export interface ExtractOptions {
  /** Files larger than this fail with kind 'too-large' before any parsing. Default 100 MB. */
  maxBytes?: number;
  /** Parsing that takes longer is stopped (worker terminated) with kind 'timeout'. Default 30 s. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
