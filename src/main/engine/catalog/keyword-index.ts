// Keyword search over the FTS5 tables kept in sync by triggers (see migrations/001-initial.ts):
// `kw` holds one row per file (name, folder, EXIF text; rowid = file id) and one per text passage
// (document chunk or OCR text; rowid = -chunk id); `kw_names` is a trigram index of file names for
// substring matches (DSC01234.JPG found by "1234"). Hits come back per file, best first, with a
// bm25-based score (higher is better), the chunk/page that matched and an FTS5 snippet.
import type { Statements } from './statements';
import { toFtsMatch, toTrigramMatch, type FtsQueryOptions } from './fts-query';

export type KeywordSource = 'file' | 'text' | 'ocr' | 'name-substring';

export interface KeywordHit {
  fileId: number;
  contentId: number | null;
  /** What matched: the file's name/folder/EXIF text, a document passage, OCR text, or a name substring. */
  source: KeywordSource;
  chunkId: number | null;
  page: number | null;
  /** -bm25 for token matches (higher is better). Name-substring hits are scored below every token hit. */
  score: number;
  /** Raw FTS5 bm25 of the best row (lower is better); null for name-substring hits. */
  bm25: number | null;
  /** Matched text with the hit marked by `marks` (default « »). */
  snippet: string;
}

export interface KeywordSearchOptions extends FtsQueryOptions {
  /** Maximum files returned. Default 50. */
  limit?: number;
  /** Markers around matched tokens in snippets. Default ['«', '»']. */
  marks?: [string, string];
  /** Tokens of context in a snippet. Default 12. */
  snippetTokens?: number;
  /** Also match file-name substrings with the trigram index. Default true. */
  nameSubstrings?: boolean;
}

/** bm25 column weights for kw(name, folder, meta, body): a name hit outranks a passage hit. */
const WEIGHTS = '10.0, 2.0, 4.0, 1.0';

export class KeywordIndex {
  constructor(private readonly s: Statements) {}

  search(text: string, opts: KeywordSearchOptions = {}): KeywordHit[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 50, 5000));
    const [open, close] = opts.marks ?? ['«', '»'];
    const hits = new Map<number, KeywordHit>();
    const match = toFtsMatch(text, opts);
    if (match) this.tokenHits(match, limit, open, close, opts.snippetTokens ?? 12, hits);
    const sorted = [...hits.values()].sort((a, b) => b.score - a.score);
    if (opts.nameSubstrings !== false && sorted.length < limit) {
      const floor = sorted.length ? sorted[sorted.length - 1]!.score : 1;
      sorted.push(...this.substringHits(text, limit - sorted.length, open, close, floor, hits));
    }
    return sorted.slice(0, limit);
  }

  private tokenHits(match: string, limit: number, open: string, close: string, tokens: number, out: Map<number, KeywordHit>): void {
    const rows = this.s
      .get<[string, string, number, string, number], { rid: number; rank: number; snip: string }>(
        `SELECT rowid AS rid, bm25(kw, ${WEIGHTS}) AS rank, snippet(kw, -1, ?, ?, '…', ?) AS snip
         FROM kw WHERE kw MATCH ? ORDER BY rank LIMIT ?`,
      )
      .all(open, close, Math.max(1, Math.min(tokens, 64)), match, limit * 4);
    const chunkIds = rows.filter((r) => r.rid < 0).map((r) => -r.rid);
    const chunkInfo = new Map<number, { contentId: number; source: 'text' | 'ocr'; page: number | null }>();
    const filesOfContent = new Map<number, number[]>();
    if (chunkIds.length) {
      const cs = this.s
        .get<[string], { id: number; contentId: number; source: 'text' | 'ocr'; page: number | null }>(
          'SELECT id, content_id AS contentId, source, page FROM chunks WHERE id IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(chunkIds));
      for (const c of cs) chunkInfo.set(c.id, c);
      const fs = this.s
        .get<[string], { id: number; contentId: number }>(
          'SELECT id, content_id AS contentId FROM files WHERE content_id IN (SELECT value FROM json_each(?)) ORDER BY id',
        )
        .all(JSON.stringify([...new Set(cs.map((c) => c.contentId))]));
      for (const f of fs) {
        const list = filesOfContent.get(f.contentId) ?? [];
        list.push(f.id);
        filesOfContent.set(f.contentId, list);
      }
    }
    const fileContent = new Map<number, number | null>();
    const fileIds = rows.filter((r) => r.rid > 0).map((r) => r.rid);
    if (fileIds.length) {
      for (const f of this.s
        .get<[string], { id: number; contentId: number | null }>('SELECT id, content_id AS contentId FROM files WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(fileIds))) {
        fileContent.set(f.id, f.contentId);
      }
    }
    const offer = (hit: KeywordHit): void => {
      const prev = out.get(hit.fileId);
      if (!prev || hit.score > prev.score) out.set(hit.fileId, hit);
    };
    for (const r of rows) {
      if (r.rid > 0) {
        if (!fileContent.has(r.rid)) continue;
        offer({ fileId: r.rid, contentId: fileContent.get(r.rid) ?? null, source: 'file', chunkId: null, page: null, score: -r.rank, bm25: r.rank, snippet: r.snip });
      } else {
        const c = chunkInfo.get(-r.rid);
        if (!c) continue;
        for (const fileId of filesOfContent.get(c.contentId) ?? []) {
          offer({ fileId, contentId: c.contentId, source: c.source, chunkId: -r.rid, page: c.page, score: -r.rank, bm25: r.rank, snippet: r.snip });
        }
      }
    }
  }

  private substringHits(text: string, limit: number, open: string, close: string, floor: number, seen: Map<number, KeywordHit>): KeywordHit[] {
    const match = toTrigramMatch(text);
    if (!match || limit <= 0) return [];
    const rows = this.s
      .get<[string, number], { id: number; name: string; contentId: number | null }>(
        `SELECT f.id, f.name, f.content_id AS contentId FROM kw_names JOIN files f ON f.id = kw_names.rowid
         WHERE kw_names MATCH ? ORDER BY bm25(kw_names) LIMIT ?`,
      )
      .all(match, limit + seen.size);
    const needles = match.split(' ').map((q) => q.slice(1, -1).replace(/""/g, '"'));
    const out: KeywordHit[] = [];
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      const score = (Math.abs(floor) || 1) * 0.5 * (1 / (1 + out.length));
      out.push({ fileId: r.id, contentId: r.contentId, source: 'name-substring', chunkId: null, page: null, score, bm25: null, snippet: markSubstrings(r.name, needles, open, close) });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Re-creates both FTS tables from the catalog tables (repair tool; triggers keep them in sync normally). */
  rebuild(): void {
    this.s.tx(() => {
      this.s.db.exec(`
        DELETE FROM kw; DELETE FROM kw_names;
        INSERT INTO kw(rowid, name, folder, meta, body)
          SELECT f.id, f.name, f.dir, coalesce(m.text, ''), '' FROM files f LEFT JOIN kw_meta_text m ON m.content_id = f.content_id;
        INSERT INTO kw(rowid, name, folder, meta, body) SELECT -id, '', '', '', text FROM chunks;
        INSERT INTO kw_names(rowid, name) SELECT id, name FROM files;`);
    });
  }

  /** Merges FTS5 b-tree segments (call when idle after a large ingest). */
  optimize(): void {
    this.s.db.exec(`INSERT INTO kw(kw) VALUES('optimize'); INSERT INTO kw_names(kw_names) VALUES('optimize');`);
  }
}

function markSubstrings(name: string, needles: string[], open: string, close: string): string {
  const lower = name.toLowerCase();
  const marked = new Array<boolean>(name.length).fill(false);
  for (const n of needles) {
    const at = lower.indexOf(n.toLowerCase());
    if (at >= 0) for (let i = at; i < at + n.length && i < name.length; i++) marked[i] = true;
  }
  let out = '';
  for (let i = 0; i < name.length; i++) {
    if (marked[i] && !marked[i - 1]) out += open;
    out += name[i];
    if (marked[i] && !marked[i + 1]) out += close;
  }
  return out;
}
