// Splits extracted documents into passages for embedding (CLIP text model: ~75 tokens) or for the
// keyword index (bigger rows). Greedy packing of whole sentences up to the token budget, with a
// small overlap of trailing sentences; a sentence over budget is split at clauses, then words, and
// only a single word over budget is cut mid-word. A chunk never spans two pages and its offsets
// index into its page's text: text === pages[i].text.slice(charStart, charEnd).
import type { DocumentPage } from '../documents';
import { splitClauses, splitSentences, splitWords, type Span } from './sentences';

export interface ChunkOptions {
  /** Most tokens per chunk, as counted by countTokens (no start/end tokens: CLIP's 77 -> 75). */
  maxTokens: number;
  /** Tokens of trailing sentences repeated at the start of the next chunk. Default 0. */
  overlapTokens?: number;
  /** Token count of a string, without special tokens. Must be >= 1 for any non-empty string. */
  countTokens: (s: string) => number;
  /**
   * Promise that counts add up across whitespace: countTokens(a + ' ' + b) === countTokens(a) +
   * countTokens(b). True of tokenizers that split on whitespace before BPE/WordPiece (CLIP). Then a
   * chunk whose parts all meet at whitespace is not counted again as a whole, which halves the
   * tokenizer work. Default false: every chunk is re-counted.
   */
  additive?: boolean;
}

export interface DocumentChunk {
  /** 0-based position of the chunk in the document. */
  seq: number;
  /** The page it comes from (1-based), or null for formats without pages. */
  page: number | null;
  /** Offsets into that page's text. */
  charStart: number;
  charEnd: number;
  text: string;
}

interface Unit extends Span {
  tokens: number;
}

export function chunkDocument(doc: { pages: readonly DocumentPage[] }, options: ChunkOptions): DocumentChunk[] {
  const out: DocumentChunk[] = [];
  for (const page of doc.pages) {
    for (const span of chunkText(page.text, options)) {
      out.push({ seq: out.length, page: page.page, charStart: span.start, charEnd: span.end, text: page.text.slice(span.start, span.end) });
    }
  }
  return out;
}

/** Chunk spans of one text. */
export function chunkText(text: string, options: ChunkOptions): Span[] {
  const max = Math.floor(options.maxTokens);
  if (!(max >= 1)) throw new RangeError(`maxTokens must be at least 1 (got ${options.maxTokens})`);
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapTokens ?? 0), max - 1));
  const count = options.countTokens;
  const units = toUnits(text, max, count);
  const chunks: Span[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i;
    let tokens = 0;
    while (j < units.length && tokens + (units[j] as Unit).tokens <= max) tokens += (units[j++] as Unit).tokens;
    if (j === i) j = i + 1;
    // Counts of parts need not add up exactly (a tokenizer may merge across the joins): check the
    // real chunk and give back units until it fits.
    const start = (units[i] as Unit).start;
    let end = (units[j - 1] as Unit).end;
    while (j - 1 > i && !(options.additive && joinsAtWhitespace(units, i, j)) && count(text.slice(start, end)) > max) {
      j--;
      end = (units[j - 1] as Unit).end;
    }
    chunks.push({ start, end });
    if (j >= units.length) break;
    // Next chunk: step back over trailing units worth at most `overlap` tokens, but never back to
    // this chunk's start (progress) and never so far that the next new unit no longer fits.
    let k = j;
    let carried = 0;
    const nextTokens = (units[j] as Unit).tokens;
    while (k - 1 > i && carried + (units[k - 1] as Unit).tokens <= overlap && carried + (units[k - 1] as Unit).tokens + nextTokens <= max) {
      k--;
      carried += (units[k] as Unit).tokens;
    }
    i = k;
  }
  return chunks;
}

/** True when consecutive units in [i, j) are separated by whitespace (no mid-word joins). */
function joinsAtWhitespace(units: Unit[], i: number, j: number): boolean {
  for (let k = i + 1; k < j; k++) if ((units[k] as Unit).start === (units[k - 1] as Unit).end) return false;
  return true;
}

/** Sentences, with over-budget sentences broken into clauses, words, then pieces of words. */
function toUnits(text: string, max: number, count: (s: string) => number): Unit[] {
  const units: Unit[] = [];
  for (const sentence of splitSentences(text)) {
    const t = count(text.slice(sentence.start, sentence.end));
    if (t <= max) {
      units.push({ ...sentence, tokens: t });
      continue;
    }
    for (const clause of splitClauses(text, sentence)) {
      const ct = count(text.slice(clause.start, clause.end));
      if (ct <= max) {
        units.push({ ...clause, tokens: ct });
        continue;
      }
      for (const word of splitWords(text, clause)) {
        const wt = count(text.slice(word.start, word.end));
        if (wt <= max) units.push({ ...word, tokens: wt });
        else units.push(...cutWord(text, word, max, count));
      }
    }
  }
  return units;
}

/**
 * Cuts one over-budget word into the longest pieces that fit, by binary search over code point
 * boundaries. A piece never needs more than ~16 characters per token, which bounds the search.
 */
function cutWord(text: string, word: Span, max: number, count: (s: string) => number): Unit[] {
  const bounds: number[] = [];
  for (let i = word.start; i < word.end; ) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < word.end ? 2 : 1;
    bounds.push(i);
  }
  const out: Unit[] = [];
  let first = 0; // index into bounds of the smallest end for the current piece
  let start = word.start;
  while (first < bounds.length) {
    // Largest index in [first, limit] whose end fits; `first` (one code point) is taken regardless.
    let lo = first;
    let hi = Math.min(bounds.length - 1, first + max * 16);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (count(text.slice(start, bounds[mid])) <= max) lo = mid;
      else hi = mid - 1;
    }
    const end = bounds[lo] as number;
    out.push({ start, end, tokens: count(text.slice(start, end)) });
    start = end;
    first = lo + 1;
  }
  return out;
}
