// A document's passages in reading order, for the preview: the hit's passage with the text around it,
// and the other passages that match the query ("next match"). Each passage carries its id, which is
// also the opaque id of its page image (media kind 'page', page-image.ts).
import type { CallOutput } from '../../shared/contract';
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';

/** Enough for a long manual; a bigger document says `truncated`. */
export const MAX_PASSAGES = 3000;

export function documentPassages(catalog: Catalog, fileId: number): CallOutput<'documentPassages'> {
  const file = catalog.files.get(fileId);
  if (!file) throw new GlimpseError('not-found', `no file with id ${fileId}`);
  if (!catalog.folders.containing(file.path)) throw new GlimpseError('forbidden', 'file is outside the watched folders');
  if (file.kind !== 'document' || !file.contentId) return { fileId, passages: [], truncated: false, pageImages: false };
  // Reading order: by page (text layer before the page's OCR text), then by position.
  const rows = catalog.chunks
    .forContent(file.contentId)
    .sort((a, b) => (a.page ?? 0) - (b.page ?? 0) || (a.source === b.source ? 0 : a.source === 'ocr' ? 1 : -1) || a.seq - b.seq);
  return {
    fileId,
    passages: rows.slice(0, MAX_PASSAGES).map((r) => ({ id: r.id, page: r.page, text: r.text })),
    truncated: rows.length > MAX_PASSAGES,
    pageImages: /\.pdf$/i.test(file.path),
  };
}
