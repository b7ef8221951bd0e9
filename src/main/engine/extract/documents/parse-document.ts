// Bytes + format -> ExtractedDocument, in the current thread. extractDocument runs this inside a
// worker; callers already off the main thread (an ingest worker) may call it directly. Anything a
// parser throws that is not a GlimpseError is malformed input the library choked on: 'corrupt'.
import { GlimpseError } from '../../../../shared/errors';
import { emptyFileIsValid } from './formats';
import type { DocumentFormat, ExtractedDocument } from './types';

export async function parseDocumentBuffer(buf: Uint8Array, format: DocumentFormat): Promise<ExtractedDocument> {
  if (buf.byteLength === 0) {
    // Documented choice: an empty text/markdown/HTML file is an empty document, an empty PDF/DOCX/... is broken.
    if (emptyFileIsValid(format)) return { format, title: null, pages: [{ page: null, text: '' }], metadata: {} };
    throw new GlimpseError('corrupt', `the file is empty (0 bytes), not a valid ${format.toUpperCase()} document`);
  }
  try {
    const doc = await parseByFormat(buf, format);
    return { ...doc, title: usefulTitle(doc.title) };
  } catch (err) {
    if (err instanceof GlimpseError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new GlimpseError('corrupt', `cannot read this ${format.toUpperCase()} document: ${message}`, { cause: err });
  }
}

// Parsers are imported on first use (a worker that only ever sees Markdown never loads pdfjs), and
// each import is kept: a repeated dynamic import() is not free under a loader (tsx) or a bundler.
const loaders = {
  pdf: () => import('./parse-pdf'),
  docx: () => import('./parse-docx'),
  pptx: () => import('./parse-pptx'),
  markdown: () => import('./parse-markdown'),
  text: () => import('./parse-text'),
  html: () => import('./parse-html'),
  epub: () => import('./parse-epub'),
  odf: () => import('./parse-odf'),
  rtf: () => import('./parse-rtf'),
};
type Loaders = typeof loaders;
const loaded = new Map<keyof Loaders, Promise<unknown>>();
function load<K extends keyof Loaders>(key: K): ReturnType<Loaders[K]> {
  let p = loaded.get(key);
  if (!p) {
    p = loaders[key]();
    loaded.set(key, p);
  }
  return p as ReturnType<Loaders[K]>;
}

async function parseByFormat(buf: Uint8Array, format: DocumentFormat): Promise<ExtractedDocument> {
  switch (format) {
    case 'pdf':
      return (await load('pdf')).parsePdf(buf);
    case 'docx':
      return (await load('docx')).parseDocx(buf);
    case 'pptx':
      return (await load('pptx')).parsePptx(buf);
    case 'markdown':
      return (await load('markdown')).parseMarkdown(buf);
    case 'text':
      return (await load('text')).parseText(buf);
    case 'html':
      return (await load('html')).parseHtml(buf);
    case 'epub':
      return (await load('epub')).parseEpub(buf);
    case 'odt':
    case 'odp':
      return (await load('odf')).parseOdf(buf, format);
    case 'rtf':
      return (await load('rtf')).parseRtf(buf);
  }
}

/**
 * Drops titles that authoring tools fill in by themselves ("PowerPoint Presentation", "untitled",
 * "Microsoft Word - report.docx", "xcolor2.dvi"): showing them as the document's title is worse
 * than falling back to the file name.
 */
export function usefulTitle(title: string | null): string | null {
  const t = title?.replace(/\s+/g, ' ').trim() ?? '';
  if (!t) return null;
  if (/^(untitled|presentation|powerpoint presentation|document|slide \d+|title|no title|\(?anonymous\)?)$/i.test(t)) return null;
  if (/\.(dvi|docx?|pptx?|xlsx?|tex|pdf|rtf|odt|indd|qxd|txt|html?|ps|eps)$/i.test(t)) return null;
  return t.replace(/^Microsoft (Word|PowerPoint) - /, '') || null;
}
