// The keyword side of a search: every file whose keyword rows hold all the query's required words
// (stopwords dropped, see catalog/fts-query.ts) in one row, with no cap, so totals are exact and
// a date sort sees every match. Passages are short (one CLIP context), so the words of one
// document can sit in different rows: when "all words in one row" finds little, a per-word pass
// counts, per file, how many of the words it holds anywhere; files with all of them join the full
// matches, the rest a weaker list.
import { parseTerms, requiredTerms } from '../catalog';
import type { KeywordHit, KeywordIndex, ResultFilters } from '../catalog';

/** Matches beyond this many are not read (a library of a million files matching one word). */
export const MAX_KEYWORD_HITS = 1_000_000;
/**
 * Per-word pass: files read per word, its best by bm25 (ranked in the FTS index, then joined and
 * filtered: KeywordIndex.briefHits). These are the weaker "some of the words" matches; a word in
 * most of the library ("sea*": 5,600 passages of 25k at 250k files) made 5,000 of them per word,
 * ~100-300 ms of joins, brief rows, fusion and snippets for hits that rank below every full
 * match. A search engine takes the top k of such an OR; so does this. Snippets are filled for
 * the page shown (SearchService), as for the main pass.
 */
export const PER_WORD_LIMIT = 500;

export interface KeywordCandidates {
  /** Files holding every required word (one row, or across rows of the file), best first. */
  all: KeywordHit[];
  /** Files holding some of the words (multi-word queries that found little), most words first. */
  some: KeywordHit[];
  /** Number of required bare words of the query. */
  words: number;
  /** Files with every word in one keyword row (a passage, the name, the metadata); empty for one-word queries. */
  oneRow: Set<number>;
}

/** `filters`: file-row matches come back with their brief rows, only indexed files passing them (KeywordSearchOptions.brief). */
export function keywordCandidates(index: KeywordIndex, keywordText: string, rest: string, keywordOnly: boolean, byDate = false, filters?: ResultFilters): KeywordCandidates {
  const brief = filters ? { filters, byDate } : undefined;
  // Names are judged by exactness.ts; the index marks metadata (title/author/tags) and phrases.
  let all = index.search(keywordText, { limit: MAX_KEYWORD_HITS, snippets: 0, exact: !byDate, exactColumns: ['meta'], brief });
  let some: KeywordHit[] = [];
  const words = requiredTerms(rest).filter((t) => !t.phrase).map((t) => t.text);
  const n = words.length;
  // Only asked for queries of 2+ words (a one-word query's 100k matches need no set of them).
  const oneRow = new Set(n > 1 ? all.filter((h) => h.source !== 'name-substring' && h.source !== 'ocr-substring').map((h) => h.fileId) : []);
  if (all.length < 10 && !keywordOnly && n > 1 && n <= 6) {
    const seen = new Set(all.map((h) => h.fileId));
    const coverage = new Map<number, { hit: KeywordHit; words: number; score: number }>();
    // Whole words (and their English forms), as the main pass reads every word but the one being
    // typed: searched alone, each word would be the last and match as a prefix ("cat" as cat*:
    // category, catch...; "sea" as sea*: 5,651 rows of search, season, seat... where "sea" has 2).
    // The last word typed is a prefix only when it matches nothing whole (type-ahead: "foot" -> football).
    const typed = parseTerms(rest).at(-1);
    const perWord = (w: string, prefix: 'none' | 'last') => index.search(w, { limit: PER_WORD_LIMIT, nameSubstrings: false, snippets: 0, exact: false, prefix, brief });
    for (const [i, w] of words.entries()) {
      let hits = perWord(w, 'none');
      let read: 'whole' | 'prefix' = 'whole';
      if (hits.length === 0 && i === n - 1 && typed && !typed.phrase && typed.text === w) [hits, read] = [perWord(w, 'last'), 'prefix'];
      for (const h of hits) {
        if (seen.has(h.fileId)) continue;
        const c = coverage.get(h.fileId);
        if (c) {
          c.words++;
          c.score += h.score;
        } else coverage.set(h.fileId, { hit: { ...h, exact: false, someWords: read }, words: 1, score: h.score }); // words spread over rows: not "exact"
      }
    }
    const ranked = [...coverage.values()].sort((a, b) => b.words - a.words || b.score - a.score || a.hit.fileId - b.hit.fileId);
    all = [...all, ...ranked.filter((c) => c.words === n).map((c) => c.hit)];
    some = ranked.filter((c) => c.words < n).map((c) => c.hit);
  }
  return { all, some, words: n, oneRow };
}
