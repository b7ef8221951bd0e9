// Text passages of a content: document chunks (source 'text') and OCR text of images (source
// 'ocr'). Each passage is also a keyword-index row (SQL triggers), and document chunks get a
// vector per model in chunk_vectors (id = chunk id = label in the chunks HNSW index).
import type { Statements } from './statements';
import type { ChunkInput, ChunkRow, ChunkSource } from './types';

export const CHUNK_COLS = 'c.id, c.content_id AS contentId, c.source, c.seq, c.page, c.char_start AS charStart, c.char_end AS charEnd, c.text';

export class Chunks {
  constructor(private readonly s: Statements) {}

  /**
   * Replaces all passages of one source for a content. Returns the new ids (same order as the
   * input) and the ids removed, which the caller must markDelete from the chunks HNSW index.
   */
  replace(contentId: number, source: ChunkSource, chunks: readonly ChunkInput[]): { ids: number[]; removedIds: number[] } {
    return this.s.tx(() => {
      const removedIds = this.s
        .get<[number, string], { id: number }>('DELETE FROM chunks WHERE content_id = ? AND source = ? RETURNING id')
        .all(contentId, source)
        .map((r) => r.id);
      const ins = this.s.get<unknown[], { id: number }>(
        'INSERT INTO chunks(content_id, source, seq, page, char_start, char_end, text) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      );
      const ids = chunks.map((c) => ins.get(contentId, source, c.seq, c.page ?? null, c.charStart, c.charEnd, c.text)!.id);
      return { ids, removedIds };
    });
  }

  forContent(contentId: number, source?: ChunkSource): ChunkRow[] {
    return source
      ? this.s.get<[number, string], ChunkRow>(`SELECT ${CHUNK_COLS} FROM chunks c WHERE c.content_id = ? AND c.source = ? ORDER BY c.seq`).all(contentId, source)
      : this.s.get<[number], ChunkRow>(`SELECT ${CHUNK_COLS} FROM chunks c WHERE c.content_id = ? ORDER BY c.source, c.seq`).all(contentId);
  }

  /** Chunks by id, in the order asked (missing ids are skipped). */
  getMany(ids: readonly number[]): ChunkRow[] {
    if (ids.length === 0) return [];
    const rows = this.s
      .get<[string], ChunkRow>(`SELECT ${CHUNK_COLS} FROM chunks c WHERE c.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ChunkRow => r !== undefined);
  }
}
