// Sentence and clause boundaries with character offsets, for the chunker. Rule-based on purpose:
// it runs over every page of every document, must be fast, and must never change the text (offsets
// index into the page text). Boundaries: blank lines (paragraphs), terminal punctuation followed by
// something that is not lower case (abbreviations excepted), CJK full stops, and line breaks that
// start a new item (the next line starts with a capital, digit or symbol, as in lists and headings;
// wrapped prose continues in lower case, or in a script without case).

export interface Span {
  /** Offset of the first non-space character. */
  start: number;
  /** Offset just past the last non-space character. */
  end: number;
}

const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'al', 'approx', 'ca', 'dr', 'mr', 'mrs', 'ms', 'prof', 'sr', 'jr', 'st', 'no', 'nos',
  'fig', 'figs', 'eq', 'eqs', 'sec', 'vol', 'pp', 'p', 'ch', 'ed', 'eds', 'inc', 'ltd', 'co', 'corp', 'dept', 'jan', 'feb',
  'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'min', 'max', 'tbsp', 'tsp', 'oz', 'lb', 'lbs',
]);

// Candidates: paragraph break | line break | Latin terminal punctuation before whitespace/end | CJK stops.
const CANDIDATE = /\n[ \t]*\n\s*|\n|[.!?…]+["'”’»)\]]*(?=\s|$)|[。！？]+["'”’」』)\]]*/gu;

/** Sentence spans of `text`, in order, trimmed, never empty. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const at = m.index;
    const token = m[0];
    let cut: number | null = null;
    if (token.startsWith('\n')) {
      if (/\n[ \t]*\n/.test(token) || lineBreakStartsItem(text, at)) cut = at;
    } else if (isSentenceEnd(text, at, token)) {
      cut = at + token.length;
    }
    if (cut !== null) {
      pushTrimmed(spans, text, from, cut);
      from = cut;
    }
  }
  pushTrimmed(spans, text, from, text.length);
  return spans;
}

/** Clause spans inside one span: after , ; : followed by whitespace. For sentences over budget. */
export function splitClauses(text: string, span: Span): Span[] {
  const out: Span[] = [];
  const re = /[,;:，；：、](?=\s)|[，；：、]/gu;
  re.lastIndex = span.start;
  let from = span.start;
  for (let m = re.exec(text); m !== null && m.index < span.end; m = re.exec(text)) {
    const cut = m.index + m[0].length;
    pushTrimmed(out, text, from, cut);
    from = cut;
  }
  pushTrimmed(out, text, from, span.end);
  return out;
}

/** Whitespace-separated word spans inside one span. */
export function splitWords(text: string, span: Span): Span[] {
  const out: Span[] = [];
  const re = /\S+/g;
  re.lastIndex = span.start;
  for (let m = re.exec(text); m !== null && m.index < span.end; m = re.exec(text)) {
    out.push({ start: m.index, end: Math.min(m.index + m[0].length, span.end) });
  }
  return out;
}

function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) spans.push({ start: s, end: e });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x3000;
}

function isSentenceEnd(text: string, at: number, token: string): boolean {
  // CJK stops end a sentence whatever follows.
  if (/^[。！？]/.test(token)) return true;
  const next = nextNonSpace(text, at + token.length);
  if (next === null) return true;
  if (/\p{Ll}/u.test(next)) return false;
  if (token === '.' || token === '.)' || token === '."') {
    let w = at;
    while (w > 0 && !isSpace(text.charCodeAt(w - 1)) && !'(["“‘'.includes(text[w - 1] as string)) w--;
    const word = text.slice(w, at).toLowerCase();
    // Initials ("J. Smith") and known abbreviations ("Fig. 3", "Dr. Who").
    if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) return false;
    // An ordered-list marker at the start of a line ("1. Peel", "iv. Bake").
    if (/^(\d{1,3}|[ivx]{1,4})$/.test(word) && (w === 0 || text[w - 1] === '\n')) return false;
  }
  return true;
}

function lineBreakStartsItem(text: string, at: number): boolean {
  const next = nextNonSpace(text, at + 1);
  if (next === null) return false;
  let p = at;
  while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
  const prev = text[p - 1] ?? '';
  // A line ending in a comma, hyphen or opening bracket is mid-sentence whatever comes next.
  if (/[,\-(/&]/.test(prev)) return false;
  // Lower case and caseless scripts (CJK, Thai, Arabic, ...) continue wrapped prose.
  if (/\p{Ll}|\p{Lo}|\p{Lm}|\p{M}/u.test(next)) return false;
  return true;
}

function nextNonSpace(text: string, from: number): string | null {
  for (let i = from; i < text.length; i++) {
    if (!isSpace(text.charCodeAt(i))) return text[i] ?? null;
  }
  return null;
}
