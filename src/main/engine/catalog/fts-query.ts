// Turns what a user typed into a safe FTS5 MATCH expression. Every term is emitted as a quoted
// FTS5 string, so user text can never be read as FTS5 syntax (AND/OR/NOT/NEAR, column filters,
// parentheses, '*', '^', '-', ':' ...) and MATCH never throws on input like `IMG_2041`, `c++`,
// `invoice 2023` or an unbalanced `"dog`. Inside a quoted string the table's tokenizer splits the
// term, so `IMG_2041` becomes the phrase "img 2041" and matches the file name IMG_2041.jpg, while
// a bare `2041` matches the token 2041 in it. "Quoted phrases" stay phrases.
//
// What people type is sentences as often as keywords ("a dog on the beach"): stopwords are dropped
// from the required terms and never become prefix terms; only the last word is a prefix (type-ahead)
// and only from 3 characters; English words also match their regular forms ("pancakes" ->
// pancake); text is folded like the index (NFKC, TeX accents, Han/Kana/Thai separated, see
// text-fold.ts), so a Chinese word becomes the phrase of its characters.
import { englishForms } from './english-forms';
import { isStopword } from './stopwords';
import { foldText, hasUnspacedScript } from './text-fold';

export type PrefixMode = 'none' | 'last' | 'all';

export interface FtsQueryOptions {
  /** Which bare words also match as a prefix ('invoi' -> invoice). Default 'last' (type-ahead). */
  prefix?: PrefixMode;
  /** 'and' (default): every term must match; 'or': any term. */
  mode?: 'and' | 'or';
  /** Terms beyond this are ignored (guards against pathological queries). Default 32. */
  maxTerms?: number;
  /** Match regular English forms of plain words too (pancakes -> pancake). Default true. */
  forms?: boolean;
}

export interface FtsTerm {
  text: string;
  phrase: boolean;
}

const WORDY = /[\p{L}\p{N}]/u;

/** Splits user text into words and "quoted phrases". An unbalanced quote is ignored. */
export function parseTerms(input: string): FtsTerm[] {
  const terms: FtsTerm[] = [];
  const text = foldText(input.normalize('NFC'));
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end > i) {
        const phrase = text.slice(i + 1, end).trim().replace(/\s+/gu, ' ');
        if (WORDY.test(phrase)) terms.push({ text: phrase, phrase: true });
        i = end + 1;
        continue;
      }
      i++; // unbalanced quote: drop it, read the rest as words
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/u.test(text[j]!) && text[j] !== '"') j++;
    const word = text.slice(i, j);
    if (WORDY.test(word)) terms.push({ text: word, phrase: false });
    i = j;
  }
  return terms;
}

/** Quotes one term as an FTS5 string (double quotes doubled). */
export function quoteFts(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * The terms that must match: quoted phrases and bare words that are not stopwords. A query made
 * only of stopwords keeps them all (someone searching "the who" means it).
 */
export function requiredTerms(input: string, maxTerms = 32): FtsTerm[] {
  return withoutStopwords(parseTerms(input).slice(0, maxTerms));
}

function withoutStopwords(terms: FtsTerm[]): FtsTerm[] {
  const kept = terms.filter((t) => t.phrase || !isStopword(t.text));
  return kept.length ? kept : terms;
}

/** Minimum characters of the last word before it is also matched as a prefix. */
export const MIN_PREFIX_CHARS = 3;

/** One term as an FTS5 expression: a quoted string, its English forms ORed, a prefix '*'. */
function termExpr(t: FtsTerm, asPrefix: boolean, forms: boolean): string {
  if (t.phrase) return quoteFts(t.text);
  const variants = forms && !hasUnspacedScript(t.text) && !isStopword(t.text) ? englishForms(t.text) : [t.text];
  const parts = variants.map((v, i) => (asPrefix && i === 0 ? `${quoteFts(v)}*` : quoteFts(v)));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** Builds the MATCH expression, or null when the text holds nothing searchable. */
export function toFtsMatch(input: string, opts: FtsQueryOptions = {}): string | null {
  const all = parseTerms(input).slice(0, opts.maxTerms ?? 32);
  const terms = withoutStopwords(all);
  if (terms.length === 0) return null;
  const prefix = opts.prefix ?? 'last';
  const forms = opts.forms ?? true;
  // Type-ahead: only the word being typed (the last thing in the query) is a prefix.
  const typed = all[all.length - 1];
  const parts = terms.map((t, idx) => {
    const long = [...t.text].length >= MIN_PREFIX_CHARS && !hasUnspacedScript(t.text) && !isStopword(t.text);
    const isLast = idx === terms.length - 1 && t === typed;
    const asPrefix = !t.phrase && long && (prefix === 'all' || (prefix === 'last' && isLast));
    return termExpr(t, asPrefix, forms);
  });
  // Explicit AND: FTS5's implicit AND only joins bare phrases, not (a OR b) groups.
  return parts.join(opts.mode === 'or' ? ' OR ' : ' AND ');
}

/**
 * MATCH expression for the trigram name table: substrings of >= 3 characters only (shorter ones
 * cannot be answered by a trigram index), letters/digits kept, everything ANDed.
 */
export function toTrigramMatch(input: string, maxTerms = 8): string | null {
  const parts = requiredTerms(input)
    .flatMap((t) => t.text.split(/[^\p{L}\p{N}]+/u))
    .filter((p) => [...p].length >= 3)
    .slice(0, maxTerms)
    .map(quoteFts);
  return parts.length ? parts.join(' ') : null;
}
