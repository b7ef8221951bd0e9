// The OCR pass's bookkeeping beyond image OCR: document pages that OCR reads (scanned PDF pages),
// their outcome (read, no text found, failed with a reason), their passages ('ocr' chunks with the
// page number), and the OCR passages that still need a vector for the active model.
import type { Statements } from './statements';
import type { ChunkInput } from './types';

export type OcrPageState = 'pending' | 'read' | 'no-text' | 'failed';

export interface PendingOcrPage {
  contentId: number;
  page: number;
  /** A readable path of that content (an indexed file). */
  path: string;
}

export interface OcrPageProblem {
  path: string;
  page: number;
  kind: string;
  message: string;
  at: string | null;
}

export interface OcrPageCounts {
  pending: number;
  read: number;
  noText: number;
  failed: number;
  /** Documents with pages still waiting. */
  pendingDocuments: number;
}

const PATH_OF = `(SELECT f.path FROM files f WHERE f.content_id = p.content_id AND f.status = 'indexed' ORDER BY f.mtime_ms DESC LIMIT 1)`;

export class OcrPages {
  constructor(private readonly s: Statements) {}

  /** Records the pages of a document that OCR must read (those already known keep their state). */
  enqueue(contentId: number, pages: readonly number[]): void {
    const ins = this.s.get('INSERT OR IGNORE INTO ocr_pages(content_id, page) VALUES (?, ?)');
    this.s.tx(() => {
      for (const p of pages) ins.run(contentId, p);
    });
  }

  /** Pages waiting, oldest document first and in page order, of contents that still have an indexed file. */
  pending(limit: number): PendingOcrPage[] {
    return this.s
      .get<[number], PendingOcrPage>(
        `SELECT p.content_id AS contentId, p.page, ${PATH_OF} AS path FROM ocr_pages p
         WHERE p.state = 'pending' AND EXISTS (SELECT 1 FROM files f WHERE f.content_id = p.content_id AND f.status = 'indexed')
         ORDER BY p.content_id, p.page LIMIT ?`,
      )
      .all(limit);
  }

  /**
   * Stores a page's outcome and replaces its passages (source 'ocr', this page). Returns the new
   * chunk ids (input order) and the ids removed (to take out of the chunks HNSW index).
   */
  settle(contentId: number, page: number, outcome: { state: Exclude<OcrPageState, 'pending'>; lines: number; errorKind?: string; error?: string }, chunks: readonly ChunkInput[]): { ids: number[]; removedIds: number[] } {
    return this.s.tx(() => {
      const removedIds = this.s
        .get<[number, number], { id: number }>("DELETE FROM chunks WHERE content_id = ? AND source = 'ocr' AND page = ? RETURNING id")
        .all(contentId, page)
        .map((r) => r.id);
      const ins = this.s.get<unknown[], { id: number }>(
        "INSERT INTO chunks(content_id, source, seq, page, char_start, char_end, text) VALUES (?, 'ocr', ?, ?, ?, ?, ?) RETURNING id",
      );
      const ids = chunks.map((c) => ins.get(contentId, c.seq, page, c.charStart, c.charEnd, c.text)!.id);
      this.s
        .get('UPDATE ocr_pages SET state = ?, lines = ?, error_kind = ?, error = ?, read_at = ? WHERE content_id = ? AND page = ?')
        .run(outcome.state, outcome.lines, outcome.errorKind ?? null, outcome.error ?? null, new Date().toISOString(), contentId, page);
      return { ids, removedIds };
    });
  }

  stateOf(contentId: number): { page: number; state: OcrPageState; lines: number | null; error: string | null }[] {
    return this.s
      .get<[number], { page: number; state: OcrPageState; lines: number | null; error: string | null }>('SELECT page, state, lines, error FROM ocr_pages WHERE content_id = ? ORDER BY page')
      .all(contentId);
  }

  counts(): OcrPageCounts {
    const rows = this.s.get<[], { state: OcrPageState; n: number; docs: number }>('SELECT state, count(*) AS n, count(DISTINCT content_id) AS docs FROM ocr_pages GROUP BY state').all();
    const by = new Map(rows.map((r) => [r.state, r]));
    return {
      pending: by.get('pending')?.n ?? 0,
      read: by.get('read')?.n ?? 0,
      noText: by.get('no-text')?.n ?? 0,
      failed: by.get('failed')?.n ?? 0,
      pendingDocuments: by.get('pending')?.docs ?? 0,
    };
  }

  /** Puts a document's pages that could not be read back to pending (a retry from the Problems list); how many. */
  retryFailed(contentId: number): number {
    return this.s
      .get("UPDATE ocr_pages SET state = 'pending', error_kind = NULL, error = NULL WHERE content_id = ? AND state = 'failed'")
      .run(contentId).changes;
  }

  /** Pages that could not be read, newest first. */
  problems(limit: number): OcrPageProblem[] {
    return this.s
      .get<[number], OcrPageProblem & { path: string | null }>(
        `SELECT ${PATH_OF} AS path, p.page, coalesce(p.error_kind, 'internal') AS kind, coalesce(p.error, 'the page could not be read') AS message, p.read_at AS at
         FROM ocr_pages p WHERE p.state = 'failed' ORDER BY p.read_at DESC LIMIT ?`,
      )
      .all(limit)
      .filter((r): r is OcrPageProblem => r.path !== null);
  }

  /**
   * PDFs indexed as empty before scanned pages were read (catalogs older than migration 7), not
   * checked yet: the OCR pass extracts them again to find their pages.
   */
  emptyPdfsToCheck(limit: number): { contentId: number; path: string }[] {
    return this.s
      .get<[number], { contentId: number; path: string }>(
        `SELECT c.id AS contentId,
                (SELECT f.path FROM files f WHERE f.content_id = c.id AND f.status = 'indexed' AND f.ext = 'pdf' ORDER BY f.mtime_ms DESC LIMIT 1) AS path
         FROM contents c
         WHERE c.kind = 'document'
           AND c.text_empty = 1
           AND c.scan_checked = 0
           AND NOT EXISTS (SELECT 1 FROM ocr_pages p WHERE p.content_id = c.id)
           AND EXISTS (SELECT 1 FROM files f WHERE f.content_id = c.id AND f.status = 'indexed' AND f.ext = 'pdf')
         ORDER BY c.id LIMIT ?`,
      )
      .all(limit);
  }

  /** Records that an empty PDF was checked for scanned pages (none, or queued). */
  markChecked(contentId: number): void {
    this.s.get<[number]>('UPDATE contents SET scan_checked = 1 WHERE id = ?').run(contentId);
  }

  /** OCR passages (images and document pages) with no vector for this model yet, with their text. */
  passagesMissingVectors(modelId: string, limit: number): { id: number; text: string }[] {
    return this.s
      .get<[string, number], { id: number; text: string }>(
        `SELECT ch.id, ch.text FROM chunks ch WHERE ch.source = 'ocr'
           AND NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.model_id = ? AND v.chunk_id = ch.id)
         ORDER BY ch.id LIMIT ?`,
      )
      .all(modelId, limit);
  }

  countMissingVectors(modelId: string): number {
    return this.s
      .get<[string], { n: number }>(
        `SELECT count(*) AS n FROM chunks ch WHERE ch.source = 'ocr' AND NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.model_id = ? AND v.chunk_id = ch.id)`,
      )
      .get(modelId)!.n;
  }
}
