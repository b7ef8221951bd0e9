// Word repair for Latin OCR lines. The recogniser reads characters almost perfectly but drops narrow
// spaces ("tofill avacancy ina", "Freshstrawberriesandhomemadelemonade"), the i of an fi ligature
// ("fle" for file) and one letter of a double letter (CTC needs a blank between the two: "wil",
// "setings"). A token that is not an English word is, in this order: kept when it looks like a name,
// code or acronym (digits, inner capitals, short); repaired when one such insertion makes a word; or
// split into words by the most probable segmentation under a frequency-ranked word list
// (resources/ocr/english-words.json, from Debian's wamerican, ranked by use in Debian's English man
// pages: scripts/make-ocr-word-list.py), when every piece is a plausible word.
import wordList from '../../../../../resources/ocr/english-words.json';

interface Lexicon {
  rank: Map<string, number>;
  /** Cost of the word of rank r: Zipf's law, -log p with p ~ 1 / (r ln N). */
  logN: number;
  maxLen: number;
}

let lexicon: Lexicon | null = null;

function load(): Lexicon {
  if (lexicon) return lexicon;
  const words = (wordList as { words: string }).words.split('\n');
  const rank = new Map<string, number>();
  let maxLen = 0;
  words.forEach((w, i) => {
    if (!rank.has(w)) rank.set(w, i);
    maxLen = Math.max(maxLen, w.length);
  });
  lexicon = { rank, logN: Math.log(words.length), maxLen };
  return lexicon;
}

/** True when `word` (lower case) is in the list. */
export function isEnglishWord(word: string): boolean {
  return load().rank.has(word);
}

/** Two-letter words must be among the most used this many (the list also holds "ii", "ma", "en", ...). */
const TWO_LETTER_MAX_RANK = 300;
/** Pieces of a split longer than this many letters on average, so "aband" is not "a band" by accident. */
const MIN_MEAN_PIECE = 2.6;
/** Tokens shorter than this are only split into very common words ("ina" -> "in a", "tobe" -> "to be"). */
const MIN_SPLIT_LENGTH = 5;
const COMMON_RANK = 300;
/** Pieces of a split rarer than this rank make it doubtful unless the token is long. */
const RARE_RANK = 50_000;

function pieceCost(lex: Lexicon, w: string): number {
  const r = lex.rank.get(w);
  if (r === undefined) return Infinity;
  if (w.length === 1 && w !== 'a' && w !== 'i') return Infinity;
  if (w.length === 2 && r > TWO_LETTER_MAX_RANK) return Infinity;
  return Math.log((r + 1) * lex.logN);
}

/** A piece that needed a repair costs this much more than the repaired word (about 50x rarer). */
const REPAIR_COST = 4;
/** Longest piece tried. */
const MAX_PIECE = 24;

export interface Piece {
  /** The word (repaired when `repaired`). */
  word: string;
  /** Letters of the input it covers. */
  length: number;
  repaired: boolean;
  rank: number;
}

/** Most probable split of a lower-case string into listed words (each possibly repaired once), or null. */
export function segmentWords(s: string): Piece[] | null {
  const lex = load();
  const n = s.length;
  const best = new Float64Array(n + 1).fill(Infinity);
  const choice: (Piece | null)[] = new Array<Piece | null>(n + 1).fill(null);
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - MAX_PIECE); j < i; j++) {
      if (best[j] === Infinity) continue;
      const sub = s.slice(j, i);
      let cost = pieceCost(lex, sub);
      let piece: Piece = { word: sub, length: i - j, repaired: false, rank: lex.rank.get(sub) ?? Infinity };
      if (cost === Infinity && sub.length >= 3) {
        const fixed = repairWord(sub);
        if (fixed) {
          cost = pieceCost(lex, fixed) + REPAIR_COST;
          piece = { word: fixed, length: i - j, repaired: true, rank: lex.rank.get(fixed)! };
        }
      }
      const c = best[j]! + cost;
      if (c < best[i]!) {
        best[i] = c;
        choice[i] = piece;
      }
    }
  }
  if (best[n] === Infinity) return null;
  const out: Piece[] = [];
  for (let i = n; i > 0; i -= choice[i]!.length) out.unshift(choice[i]!);
  return out;
}

/** One-letter repairs of CTC and ligature slips that make a listed word; the most used one. */
export function repairWord(s: string): string | null {
  const lex = load();
  let best: string | null = null;
  let bestRank = Infinity;
  const consider = (w: string): void => {
    const r = lex.rank.get(w);
    if (r !== undefined && r < bestRank) {
      best = w;
      bestRank = r;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    // A double letter read once: "wil" -> "will", "diferent" -> "different".
    consider(s.slice(0, i + 1) + c + s.slice(i + 1));
    // The fi / fl ligature read as f: "fle" -> "file", "efcient" -> no, "defnes" -> "defines".
    if (c === 'f') {
      consider(s.slice(0, i + 1) + 'i' + s.slice(i + 1));
      consider(s.slice(0, i + 1) + 'l' + s.slice(i + 1));
    }
  }
  return best;
}

/** Applies `lower`'s letters with the case of `original` where they line up (same length), else lower. */
function withCase(original: string, lower: string, upper: boolean): string {
  return upper ? lower.toUpperCase() : original[0] === original[0]!.toUpperCase() ? lower[0]!.toUpperCase() + lower.slice(1) : lower;
}

/** Repairs one whitespace-free token; returns it unchanged when it should be left alone. */
export function fixToken(token: string): string {
  const m = /^([^A-Za-z]*)([A-Za-z]+)([^A-Za-z]*)$/.exec(token);
  if (!m) return token; // digits or other letters inside: identifiers, numbers, non-Latin text
  const [, lead, core, trail] = m as unknown as [string, string, string, string];
  const lower = core.toLowerCase();
  if (lower.length <= 2 || isEnglishWord(lower)) return token;
  const upper = core === core.toUpperCase();
  // Inner capitals (LayoutParser, iPhone) are names; short all-caps words are acronyms.
  if (!upper && /[A-Z]/.test(core.slice(1))) return token;
  if (upper && core.length < 8) return token;
  const repaired = repairWord(lower);
  if (repaired) return lead + withCase(core, repaired, upper) + trail;
  const pieces = segmentWords(lower);
  if (!pieces || pieces.length < 2) return token;
  if (lower.length < MIN_SPLIT_LENGTH) {
    if (pieces.some((p) => p.repaired || p.rank >= COMMON_RANK)) return token;
  } else {
    if (lower.length / pieces.length < MIN_MEAN_PIECE) return token;
    if (lower.length < 12 && pieces.some((p) => p.rank > RARE_RANK)) return token;
    // Two content words ("pretraining", "codebase") are more often a compound the list lacks than
    // a lost space; run-together text almost always involves a common short word.
    if (pieces.length === 2 && pieces.every((p) => p.length >= 3 && p.rank >= COMMON_RANK)) return token;
  }
  let at = 0;
  const parts = pieces.map((p) => {
    const part = core.slice(at, at + p.length);
    at += p.length;
    return p.repaired ? withCase(part, p.word, upper) : part;
  });
  return lead + parts.join(' ') + trail;
}

/** Repairs every token of an OCR line (Latin script; other scripts pass through). */
export function fixLineWords(text: string): string {
  return text.replace(/\S+/g, (t) => fixToken(t));
}

/** Share of listed words among the image's plain lower-case words of 3+ letters (null: too few to tell). */
export function englishShare(lines: readonly string[]): number | null {
  let words = 0;
  let known = 0;
  for (const line of lines) {
    for (const w of line.match(/\b[a-z]{3,}\b/g) ?? []) {
      words++;
      if (isEnglishWord(w)) known++;
    }
  }
  return words < 8 ? null : known / words;
}

/** Below this share of English words an image's text is taken for another language and left as read. */
const MIN_ENGLISH_SHARE = 0.5;

/**
 * Repairs the lines of one image when its text is English (or too short to tell): a French or
 * German page keeps its words ("tel" is not "tell", "Bergsteiger" is not two English words).
 */
export function fixImageWords(lines: readonly string[]): string[] {
  const share = englishShare(lines);
  if (share !== null && share < MIN_ENGLISH_SHARE) return [...lines];
  return lines.map(fixLineWords);
}
