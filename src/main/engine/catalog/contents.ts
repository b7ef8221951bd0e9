// Distinct file contents (by hash). Files point here; everything derived from bytes hangs off a
// content, so duplicates and renames never cost inference twice. Orphans (no file left) are
// collected explicitly so the caller learns which vector ids to drop from the HNSW indexes.
import type { Statements } from './statements';
import type { ContentRow, FileKind } from './types';

const COLS = 'id, hash, kind, bytes';

export interface OrphanSweep {
  /** Content ids deleted (= image-index labels to markDelete). */
  contentIds: number[];
  /** Chunk ids deleted with them (= chunk-index labels to markDelete). */
  chunkIds: number[];
  /** Thumbnail files that no longer belong to anything (delete them from disk). */
  thumbnailPaths: string[];
}

export class Contents {
  constructor(private readonly s: Statements) {}

  /** Returns the content row for `hash`, creating it if new (`created` tells which). */
  ensure(hash: string, kind: FileKind, bytes: number): { id: number; created: boolean } {
    const existing = this.s.get<[string], { id: number }>('SELECT id FROM contents WHERE hash = ?').get(hash);
    if (existing) return { id: existing.id, created: false };
    const row = this.s
      .get<[string, string, number], { id: number }>('INSERT INTO contents(hash, kind, bytes) VALUES (?, ?, ?) RETURNING id')
      .get(hash, kind, bytes)!;
    return { id: row.id, created: true };
  }

  get(id: number): ContentRow | undefined {
    return this.s.get<[number], ContentRow>(`SELECT ${COLS} FROM contents WHERE id = ?`).get(id);
  }

  getByHash(hash: string): ContentRow | undefined {
    return this.s.get<[string], ContentRow>(`SELECT ${COLS} FROM contents WHERE hash = ?`).get(hash);
  }

  /** Records whether a document's text layer held no passage (it is then complete without vectors). */
  setTextEmpty(id: number, empty: boolean): void {
    this.s.get<[number, number]>('UPDATE contents SET text_empty = ? WHERE id = ?').run(empty ? 1 : 0, id);
  }

  /** True when the document was indexed and its text layer held no passage. */
  isTextEmpty(id: number): boolean {
    return this.s.get<[number], { e: number }>('SELECT text_empty AS e FROM contents WHERE id = ?').get(id)?.e === 1;
  }

  /** Number of files currently pointing at a content. */
  fileCount(id: number): number {
    return this.s.get<[number], { n: number }>('SELECT count(*) AS n FROM files WHERE content_id = ?').get(id)!.n;
  }

  /** Deletes contents no file points at (cascades to meta, thumbnails, chunks, OCR, vectors). */
  gcOrphans(): OrphanSweep {
    return this.s.tx(() => {
      const orphans = 'SELECT c.id FROM contents c WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.content_id = c.id)';
      const contentIds = this.s.get<[], { id: number }>(orphans).all().map((r) => r.id);
      if (contentIds.length === 0) return { contentIds, chunkIds: [], thumbnailPaths: [] };
      const json = JSON.stringify(contentIds);
      const chunkIds = this.s
        .get<[string], { id: number }>('SELECT id FROM chunks WHERE content_id IN (SELECT value FROM json_each(?))')
        .all(json)
        .map((r) => r.id);
      const thumbnailPaths = this.s
        .get<[string], { path: string }>('SELECT path FROM thumbnails WHERE content_id IN (SELECT value FROM json_each(?))')
        .all(json)
        .map((r) => r.path);
      this.s.get('DELETE FROM contents WHERE id IN (SELECT value FROM json_each(?))').run(json);
      return { contentIds, chunkIds, thumbnailPaths };
    });
  }
}
