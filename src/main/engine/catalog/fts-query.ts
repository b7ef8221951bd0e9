// Turns what a user typed into a safe FTS5 MATCH expression. Every term is emitted as a quoted
// FTS5 string, so user text can never be read as FTS5 syntax (AND/OR/NOT/NEAR, column filters,
// parentheses, '*', '^', '-', ':' ...) and MATCH never throws on input like `IMG_2041`, `c++`,
// `invoice 2023` or an unbalanced `"dog`. Inside a quoted string the table's tokenizer splits the
// term, so `IMG_2041` becomes the phrase "img 2041" and matches the file name IMG_2041.jpg, while
// a bare `2041` matches the token 2041 in it. "Quoted phrases" stay phrases.

export type PrefixMode = 'none' | 'last' | 'all';

export interface FtsQueryOptions {
  /** Which bare words also match as a prefix ('invoi' -> invoice). Default 'last' (type-ahead). */
  prefix?: PrefixMode;
  /** 'and' (default): every term must match; 'or': any term. */
  mode?: 'and' | 'or';
  /** Terms beyond this are ignored (guards against pathological queries). Default 32. */
  maxTerms?: number;
}

export interface FtsTerm {
  text: string;
  phrase: boolean;
}

const WORDY = /[\p{L}\p{N}]/u;

/** Splits user text into words and "quoted phrases". An unbalanced quote is ignored. */
export function parseTerms(input: string): FtsTerm[] {
  const terms: FtsTerm[] = [];
  const text = input.normalize('NFC');
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

/** Builds the MATCH expression, or null when the text holds nothing searchable. */
export function toFtsMatch(input: string, opts: FtsQueryOptions = {}): string | null {
  const terms = parseTerms(input).slice(0, opts.maxTerms ?? 32);
  if (terms.length === 0) return null;
  const prefix = opts.prefix ?? 'last';
  const lastWord = terms.map((t) => !t.phrase).lastIndexOf(true);
  const parts = terms.map((t, idx) => {
    const q = quoteFts(t.text);
    const asPrefix = !t.phrase && (prefix === 'all' || (prefix === 'last' && idx === lastWord));
    return asPrefix ? `${q}*` : q;
  });
  return parts.join(opts.mode === 'or' ? ' OR ' : ' ');
}

/**
 * MATCH expression for the trigram name table: substrings of >= 3 characters only (shorter ones
 * cannot be answered by a trigram index), letters/digits kept, everything ANDed.
 */
export function toTrigramMatch(input: string, maxTerms = 8): string | null {
  const parts = parseTerms(input)
    .flatMap((t) => t.text.split(/[^\p{L}\p{N}]+/u))
    .filter((p) => [...p].length >= 3)
    .slice(0, maxTerms)
    .map(quoteFts);
  return parts.length ? parts.join(' ') : null;
}
