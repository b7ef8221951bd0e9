// Text found in images (OCR), line by line with boxes (for highlighting), plus searchable 'ocr'
// passages (by default one per image; the OCR pass gives passages sized for the text tower) so
// keyword and text search find pictures of receipts, signs, slides and screenshots.
import type { Chunks } from './chunks';
import type { Statements } from './statements';
import type { ChunkInput, OcrLineInput, OcrLineRow } from './types';

export class OcrLines {
  constructor(
    private readonly s: Statements,
    private readonly chunks: Chunks,
  ) {}

  /**
   * Replaces the OCR result of a content. Returns the removed 'ocr' chunk ids (for the chunks
   * HNSW index) and the first new passage id (null when no text; chunks.forContent lists them all).
   * `passages` replace the default single passage of all lines joined by newlines.
   */
  replace(contentId: number, lines: readonly OcrLineInput[], passages?: readonly ChunkInput[]): { chunkId: number | null; removedChunkIds: number[] } {
    return this.s.tx(() => {
      this.s.get('DELETE FROM ocr_lines WHERE content_id = ?').run(contentId);
      const ins = this.s.get('INSERT INTO ocr_lines(content_id, text, score, box) VALUES (?, ?, ?, ?)');
      for (const l of lines) ins.run(contentId, l.text, l.score, JSON.stringify(l.box ?? null));
      const text = lines.map((l) => l.text.trim()).filter((t) => t.length > 0).join('\n');
      const { ids, removedIds } = this.chunks.replace(
        contentId,
        'ocr',
        passages ?? (text ? [{ seq: 0, page: null, charStart: 0, charEnd: text.length, text }] : []),
      );
      return { chunkId: ids[0] ?? null, removedChunkIds: removedIds };
    });
  }

  forContent(contentId: number): OcrLineRow[] {
    return this.s
      .get<[number], Omit<OcrLineRow, 'box'> & { box: string }>('SELECT id, content_id AS contentId, text, score, box FROM ocr_lines WHERE content_id = ? ORDER BY id')
      .all(contentId)
      .map((r) => ({ ...r, box: JSON.parse(r.box) as unknown }));
  }
}
