// Keyword search over the FTS5 tables kept in sync by triggers (migrations 001 and 005): `kw` holds
// one row per file (name, folder, EXIF or document metadata; rowid = file id) and one per text
// passage (document chunk or OCR text; rowid = -chunk id), all folded by glimpse_fold; `kw_names`
// and `kw_ocr` are trigram indexes of file names and OCR text for substring matches (DSC01234.JPG
// found by "1234", "Freshstrawberriesandhomemadelemonade" by "lemonade"). Hits come back per
// file, best first, with a bm25-based score (higher is better), the chunk/page that matched, an
// FTS5 snippet, and whether every query word sits in one field (name or title/author) or a quoted
// phrase matched: the "exact" matches that fusion puts above vector-only hits.
import type { Statements } from './statements';
import { buildFilters, DATE_EXPR, type BriefRow, type ResultFilters } from './lookup';
import { requiredTerms, toFtsMatch, toTrigramMatch, type FtsQueryOptions } from './fts-query';
import { unfoldForDisplay } from './text-fold';

export type KeywordSource = 'file' | 'text' | 'ocr' | 'name-substring' | 'ocr-substring';

export interface KeywordHit {
  fileId: number;
  contentId: number | null;
  /** What matched: the file's name/folder/metadata, a passage, OCR text, or a name/OCR substring. */
  source: KeywordSource;
  chunkId: number | null;
  page: number | null;
  /** -bm25 for token matches (higher is better). Substring hits are scored below every token hit. */
  score: number;
  /** Raw FTS5 bm25 of the best row (lower is better); null for substring hits. */
  bm25: number | null;
  /** Matched text with the hit marked by `marks` (default « »); '' until filled when snippets are off. */
  snippet: string;
  /** Every required query word in the file name, or in the title/author/keywords, or a quoted phrase matched. */
  exact?: boolean;
  /** The file's brief row, read with a file-row match when `brief` was asked for (see the option). */
  brief?: BriefRow;
  /**
   * Found by one of the query's words alone (search/keyword-candidates' per-word pass), whole or as
   * a prefix: no row of it holds them all, so its snippet is looked for with any of the words, read
   * the same way (SearchService).
   */
  someWords?: 'whole' | 'prefix';
}

export interface BriefOptions {
  filters?: ResultFilters;
  byDate?: boolean;
}

export interface KeywordSearchOptions extends FtsQueryOptions {
  /** Maximum files returned. Default 50; at most 1,000,000 (exact totals need every match). */
  limit?: number;
  /** Markers around matched tokens in snippets. Default ['«', '»']. */
  marks?: [string, string];
  /** Tokens of context in a snippet. Default 12. */
  snippetTokens?: number;
  /** Also match file-name and OCR-text substrings with the trigram indexes. Default true. */
  nameSubstrings?: boolean;
  /** Compute snippets for this many best hits (the rest get '', see snippetsFor). Default all. */
  snippets?: number;
  /** Mark all-words-in-one-field hits (`exact`); a date-sorted search does not need it. Default true. */
  exact?: boolean;
  /** Fields checked for all-words-in-one-field. Default name and meta (title, author, tags, EXIF). */
  exactColumns?: ('name' | 'meta')[];
  /**
   * Read the brief row (Lookup.resolveBrief) of file-row matches in the same query, and drop
   * file-row matches of files not indexed or not passing these filters: search needs both for
   * every match, and one pass over 100k matches instead of two saves ~30% of the keyword side.
   * Passage and substring matches come back without it. `byDate`: the brief row has the date but
   * no name/title (and contentId null), and hits are not ranked by bm25 (score 0); otherwise the
   * name and title but no date.
   */
  brief?: BriefOptions;
}

/**
 * Substring matches are looked for only while whole-word matches are fewer than this: they are the
 * fallback for run-together words, and reading 100k trigram matches to add a few costs ~1 s.
 */
export const SUBSTRING_BELOW = 5000;

/** bm25 column weights for kw(name, folder, meta, body): a name hit outranks a passage hit. */
const WEIGHTS = '10.0, 2.0, 4.0, 1.0';
const MAX_LIMIT = 1_000_000;

interface Row {
  rid: number;
  rank: number;
}

/** Capped searches' best matches kept (filter-independent, see briefHits): ~40 KB each. */
const RANKED_KEPT = 64;

export class KeywordIndex {
  private readonly ranked = new Map<string, { stamp: string; json: string }>();

  /** `changeStamp`: Lookup.changeStamp (kept rankings are dropped when the catalog changes). */
  constructor(
    private readonly s: Statements,
    private readonly changeStamp: () => string,
  ) {}

  search(text: string, opts: KeywordSearchOptions = {}): KeywordHit[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 50, MAX_LIMIT));
    const marks = opts.marks ?? ['«', '»'];
    const hits = new Map<number, KeywordHit>();
    const match = toFtsMatch(text, opts);
    if (match) this.tokenHits(match, limit, hits, opts.brief);
    const sorted = [...hits.values()].sort((a, b) => b.score - a.score || a.fileId - b.fileId);
    if (match && sorted.length && opts.exact !== false) this.markExact(text, match, opts, sorted);
    if (opts.nameSubstrings !== false && sorted.length < limit && sorted.length < SUBSTRING_BELOW) {
      const floor = sorted.length ? sorted[sorted.length - 1]!.score : 1;
      sorted.push(...this.substringHits(text, limit - sorted.length, marks, floor, hits));
    }
    const out = sorted.slice(0, limit);
    if (match) this.fillSnippets(match, out.slice(0, opts.snippets ?? out.length), marks, opts.snippetTokens ?? 12);
    return out;
  }

  /** Fills the snippets of hits that came back without one (page results of a large result set). */
  snippetsFor(text: string, hits: KeywordHit[], opts: KeywordSearchOptions = {}): void {
    const match = toFtsMatch(text, opts);
    if (match) this.fillSnippets(match, hits.filter((h) => !h.snippet), opts.marks ?? ['«', '»'], opts.snippetTokens ?? 12);
  }

  private fillSnippets(match: string, hits: KeywordHit[], [open, close]: [string, string], tokens: number): void {
    const want = hits.filter((h) => !h.snippet && (h.source === 'file' || h.source === 'text' || h.source === 'ocr'));
    if (want.length === 0) return;
    const rid = (h: KeywordHit): number => (h.chunkId !== null ? -h.chunkId : h.fileId);
    const rows = this.s
      .get<[string, string, number, string, string], { rid: number; snip: string }>(
        `SELECT rowid AS rid, snippet(kw, -1, ?, ?, '…', ?) AS snip FROM kw WHERE kw MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(open, close, Math.max(1, Math.min(tokens, 64)), match, JSON.stringify(want.map(rid)));
    const byRid = new Map(rows.map((r) => [r.rid, unfoldForDisplay(r.snip)]));
    for (const h of want) h.snippet = byRid.get(rid(h)) ?? '';
  }

  private tokenHits(match: string, limit: number, out: Map<number, KeywordHit>, brief?: BriefOptions): void {
    // File rows carry their content id from the same query (one join, no second lookup of 100k ids),
    // and with `brief` what ranking and filtering need. Every match wanted: no ORDER BY (sorted after).
    const want = Math.min(MAX_LIMIT, limit * 4);
    const ranked = want < MAX_LIMIT;
    const offer = (hit: KeywordHit): void => {
      const prev = out.get(hit.fileId);
      if (!prev || hit.score > prev.score) out.set(hit.fileId, hit);
    };
    if (brief) {
      // Ranked (capped): as many file rows and as many passages as files asked for.
      this.briefHits(match, ranked ? limit : want, ranked, brief, offer);
      return;
    }
    type R = Row & { cid: number | null; present: number | null };
    const rows = this.s
      .get<[string, number], R>(
        `SELECT kw.rowid AS rid, bm25(kw, ${WEIGHTS}) AS rank, f.content_id AS cid, f.id AS present
         FROM kw LEFT JOIN files f ON f.id = kw.rowid WHERE kw MATCH ? ${ranked ? 'ORDER BY rank, kw.rowid' : ''} LIMIT ?`,
      )
      .all(match, want);
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
      this.filesOf([...new Set(cs.map((c) => c.contentId))], filesOfContent);
    }
    for (const r of rows) {
      if (r.rid > 0) {
        if (r.present === null) continue;
        offer({ fileId: r.rid, contentId: r.cid ?? null, source: 'file', chunkId: null, page: null, score: -r.rank, bm25: r.rank, snippet: '' });
      } else {
        const c = chunkInfo.get(-r.rid);
        if (!c) continue;
        for (const fileId of filesOfContent.get(c.contentId) ?? []) {
          offer({ fileId, contentId: c.contentId, source: c.source, chunkId: -r.rid, page: c.page, score: -r.rank, bm25: r.rank, snippet: '' });
        }
      }
    }
  }

  /**
   * Matches with their files' brief rows, files not indexed or not passing the filters left out in
   * SQL: file rows by id, passages (document text, OCR) through their content's files, in one
   * query instead of reading every passage's chunk and files and then dropping most of them (at
   * 250k files a word in 5,000 passages cost ~150 ms that way, with a photo filter that keeps none).
   */
  private briefHits(match: string, want: number, ranked: boolean, brief: BriefOptions, offer: (hit: KeywordHit) => void): void {
    // Only the columns the sort needs: reading 100k rows into JS is most of the cost (bm25 ~100 ms,
    // each column read ~50-100 ms); no bm25 for a date sort's every match.
    const w = buildFilters(brief.filters, 'indexed');
    const cond = w.where.replace(/^WHERE /, '');
    const bm25 = `bm25(kw, ${WEIGHTS})`;
    const cols = brief.byDate ? `f.kind, ${DATE_EXPR} AS date` : 'f.kind, f.name, d.title';
    type R = { rid: number; score_rank: number; fid: number; cid: number | null; source: 'text' | 'ocr' | null; page: number | null; name?: string; title?: string | null; kind: BriefRow['kind']; date?: string };
    const joins = 'LEFT JOIN image_meta m ON m.content_id = f.content_id LEFT JOIN doc_meta d ON d.content_id = f.content_id';
    // A capped search (the per-word pass) ranks in the FTS index alone and joins only its best
    // matches: joining every match of a common word (5,600 passages of "sea*") to its files cost
    // ~45 ms of the ~50 the query took; ranking them ~8 ms. The filters apply to those best ones,
    // as a search engine's top-k does. Every match (limit 1M, the main pass) joins them all. The
    // FTS query runs once for file rows and passages (a prefix such as "report*" is expanded by
    // merging every term it covers: ~20 ms at 250k files). CROSS JOIN keeps the matches the outer
    // loop (with a date or kind filter the planner would scan files and probe the matches).
    // Ranked: the best of file rows and of passages each (a type or folder filter may keep few of
    // one side). That ranking does not depend on the filters: it is kept while the catalog is
    // unchanged, for the same words under other filters or sorts (a user changing the filters of
    // a query; "report": 13k matches at 250k files, ~17 ms to rank).
    const k = ranked
      ? `SELECT json_extract(value, '$[0]') AS rid, json_extract(value, '$[1]') AS score_rank FROM json_each(?)`
      : `SELECT rowid AS rid, ${brief.byDate ? '0' : bm25} AS score_rank FROM kw WHERE kw MATCH ?`;
    const first = ranked ? this.bestMatches(match, want) : match;
    const rows = this.s
      .get<unknown[], R>(
        `WITH k AS MATERIALIZED (${k})
         SELECT k.rid, k.score_rank, ${cols}, f.id AS fid, f.content_id AS cid, NULL AS source, NULL AS page
           FROM k CROSS JOIN files f ON f.id = k.rid ${joins} WHERE k.rid > 0 AND ${cond}
         UNION ALL
         SELECT k.rid, k.score_rank, ${cols}, f.id AS fid, c.content_id AS cid, c.source, c.page
           FROM k CROSS JOIN chunks c ON c.id = -k.rid CROSS JOIN files f ON f.content_id = c.content_id ${joins} WHERE k.rid < 0 AND ${cond}`,
      )
      .all(first, ...w.params, ...w.params);
    const briefOf = (r: R): BriefRow => ({ fileId: r.fid, contentId: null, name: r.name ?? '', title: r.title ?? null, kind: r.kind, status: 'indexed', date: r.date ?? '' });
    for (const r of rows) {
      if (r.rid > 0) offer({ fileId: r.fid, contentId: r.cid, source: 'file', chunkId: null, page: null, score: -r.score_rank, bm25: r.score_rank, snippet: '', brief: briefOf(r) });
      else offer({ fileId: r.fid, contentId: r.cid, source: r.source!, chunkId: -r.rid, page: r.page ?? null, score: -r.score_rank, bm25: r.score_rank, snippet: '', brief: briefOf(r) });
    }
  }

  /** The best `want` file rows and `want` passages for a MATCH, by bm25, as JSON [[rowid, bm25], ...]. */
  private bestMatches(match: string, want: number): string {
    const key = `${want}\u0000${match}`;
    const stamp = this.changeStamp();
    const hit = this.ranked.get(key);
    if (hit && hit.stamp === stamp) {
      this.ranked.delete(key);
      this.ranked.set(key, hit);
      return hit.json;
    }
    const rows = this.s
      .get<[string, number], [number, number]>(
        `SELECT rid, score_rank FROM (SELECT rid, score_rank, row_number() OVER (PARTITION BY rid > 0 ORDER BY score_rank, rid) AS n
           FROM (SELECT rowid AS rid, bm25(kw, ${WEIGHTS}) AS score_rank FROM kw WHERE kw MATCH ?)) WHERE n <= ?`,
      )
      .raw()
      .all(match, want);
    const json = JSON.stringify(rows);
    this.ranked.delete(key);
    this.ranked.set(key, { stamp, json });
    while (this.ranked.size > RANKED_KEPT) this.ranked.delete(this.ranked.keys().next().value!);
    return json;
  }

  private filesOf(contentIds: number[], out: Map<number, number[]>): void {
    const fs = this.s
      .get<[string], { id: number; contentId: number }>(
        'SELECT id, content_id AS contentId FROM files WHERE content_id IN (SELECT value FROM json_each(?)) ORDER BY id',
      )
      .all(JSON.stringify(contentIds));
    for (const f of fs) {
      const list = out.get(f.contentId) ?? [];
      list.push(f.id);
      out.set(f.contentId, list);
    }
  }

  /**
   * Marks hits whose file name, or title/author/keywords, holds every required word (one field,
   * not spread over several), and passage hits of a query that has a quoted phrase.
   */
  private markExact(text: string, match: string, opts: KeywordSearchOptions, hits: KeywordHit[]): void {
    const terms = requiredTerms(text, opts.maxTerms);
    const hasPhrase = terms.some((t) => t.phrase && /\s|\u200b/u.test(t.text));
    const exact = new Set<number>();
    // File names are judged word by word by search/exactness.ts (higher levels than this flag), so
    // only the metadata column is asked here: one FTS query less over 100k name matches.
    const cols = opts.exactColumns ?? ['name', 'meta'];
    for (const col of cols) {
      const rows = this.s
        .get<[string], { rid: number }>('SELECT rowid AS rid FROM kw WHERE kw MATCH ? AND rowid > 0')
        .all(`${col} : (${match})`);
      for (const r of rows) exact.add(r.rid);
    }
    for (const h of hits) {
      if (exact.has(h.fileId) || (hasPhrase && (h.source === 'text' || h.source === 'ocr'))) h.exact = true;
    }
  }

  private substringHits(text: string, limit: number, marks: [string, string], floor: number, seen: Map<number, KeywordHit>): KeywordHit[] {
    const match = toTrigramMatch(text);
    if (!match || limit <= 0) return [];
    const needles = match.split(' ').map((q) => q.slice(1, -1).replace(/""/g, '"'));
    const out: KeywordHit[] = [];
    const taken = new Set(seen.keys());
    const scoreAt = (): number => (Math.abs(floor) || 1) * 0.5 * (1 / (1 + out.length));
    const names = this.s
      .get<[string, number], { id: number; name: string; contentId: number | null }>(
        `SELECT f.id, f.name, f.content_id AS contentId FROM kw_names JOIN files f ON f.id = kw_names.rowid
         WHERE kw_names MATCH ? ORDER BY f.id LIMIT ?`,
      )
      .all(match, limit + taken.size);
    for (const r of names) {
      if (taken.has(r.id)) continue;
      taken.add(r.id);
      out.push({ fileId: r.id, contentId: r.contentId, source: 'name-substring', chunkId: null, page: null, score: scoreAt(), bm25: null, snippet: markSubstrings(r.name, needles, marks) });
      if (out.length >= limit) return out;
    }
    // OCR text: words run together by the recogniser are only found as substrings.
    const ocr = this.s
      .get<[string, number], { id: number; contentId: number; text: string }>(
        `SELECT c.id, c.content_id AS contentId, c.text FROM kw_ocr JOIN chunks c ON c.id = kw_ocr.rowid
         WHERE kw_ocr MATCH ? ORDER BY c.id LIMIT ?`,
      )
      .all(match, limit + taken.size);
    const filesOfContent = new Map<number, number[]>();
    if (ocr.length) this.filesOf([...new Set(ocr.map((c) => c.contentId))], filesOfContent);
    for (const c of ocr) {
      for (const fileId of filesOfContent.get(c.contentId) ?? []) {
        if (taken.has(fileId)) continue;
        taken.add(fileId);
        out.push({ fileId, contentId: c.contentId, source: 'ocr-substring', chunkId: c.id, page: null, score: scoreAt(), bm25: null, snippet: markSubstrings(window(c.text, needles[0] ?? '', 120), needles, marks) });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Re-creates the FTS tables from the catalog tables (repair tool; triggers keep them in sync normally). */
  rebuild(): void {
    this.s.tx(() => {
      this.s.db.exec(`
        DELETE FROM kw; DELETE FROM kw_names; DELETE FROM kw_ocr;
        INSERT INTO kw(rowid, name, folder, meta, body)
          SELECT f.id, glimpse_fold(f.name), glimpse_fold(f.dir), coalesce(m.text, ''), '' FROM files f LEFT JOIN kw_meta_text m ON m.content_id = f.content_id;
        INSERT INTO kw(rowid, name, folder, meta, body) SELECT -id, '', '', '', glimpse_fold(text) FROM chunks;
        INSERT INTO kw_names(rowid, name) SELECT id, name FROM files;
        INSERT INTO kw_ocr(rowid, text) SELECT id, text FROM chunks WHERE source = 'ocr';`);
    });
  }

  /** Merges FTS5 b-tree segments (call when idle after a large ingest). */
  optimize(): void {
    this.s.db.exec(`INSERT INTO kw(kw) VALUES('optimize'); INSERT INTO kw_names(kw_names) VALUES('optimize'); INSERT INTO kw_ocr(kw_ocr) VALUES('optimize');`);
  }
}

/** About `width` characters of `text` around the first occurrence of `needle`. */
function window(text: string, needle: string, width: number): string {
  const at = Math.max(0, text.toLowerCase().indexOf(needle.toLowerCase()));
  const start = Math.max(0, at - Math.floor(width / 2));
  return (start > 0 ? '…' : '') + text.slice(start, start + width) + (start + width < text.length ? '…' : '');
}

function markSubstrings(name: string, needles: string[], [open, close]: [string, string]): string {
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
