// Text folding shared by the keyword index (SQL function glimpse_fold, called by the FTS triggers)
// and the query side, so both see the same tokens:
// - LaTeX spacing accents: PDFs typeset by TeX often carry "J´egou" / "Schr¨odinger" (a spacing
//   accent before its letter); they become the composed letter ("Jégou"), which FTS5's
//   remove_diacritics 2 then also folds to "jegou".
// - NFKC: ligatures (ﬁ), full-width forms (ＡＢＣ), compatibility digits become plain text.
// - Scripts written without spaces. FTS5 unicode61 keeps a whole run of Han/Kana/Thai as ONE
//   token, so a word inside a sentence could never match. Han and Kana characters are separated
//   one by one, and a query word becomes the phrase of its characters: that is substring search,
//   and it does not depend on where a dictionary puts word boundaries (ICU's segmenter splits
//   "内核" into 内|核 in one sentence and keeps "操作系统" whole in another, so a segmented index
//   misses "系统" inside "操作系统"). Thai, Lao, Khmer and Myanmar characters are not units of
//   meaning (vowel signs, tone marks), so those runs are cut into words by Intl.Segmenter (ICU
//   dictionaries ship with Node). The separator is U+200B ZERO WIDTH SPACE: unicode61 treats it as
//   a separator, and snippets cut from the stored text still read normally once it is removed.

export const ZWSP = '\u200b';

/** Han (incl. extensions, compatibility), Hiragana, Katakana, half-width Katakana, CJK marks. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u3006\u30fc]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u3006\u30fc]{2,}/gu;
const SEGMENTED_RUN = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]{2,}/gu;
const NEEDS_WORK = /[\u00b4\u00a8\u0060\u02c6\u02dc\u00b8\u02c7\u02da\u02d8\u02dd\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Spacing accent -> combining mark (the letter follows the accent in TeX output). */
const SPACING_ACCENTS: Record<string, string> = {
  '\u00b4': '\u0301', // ´ acute
  '\u00a8': '\u0308', // ¨ diaeresis
  '\u0060': '\u0300', // ` grave
  '\u02c6': '\u0302', // ˆ circumflex
  '\u02dc': '\u0303', // ˜ tilde
  '\u00b8': '\u0327', // ¸ cedilla
  '\u02c7': '\u030c', // ˇ caron
  '\u02da': '\u030a', // ˚ ring
  '\u02d8': '\u0306', // ˘ breve
  '\u02dd': '\u030b', // ˝ double acute
};
// An accent glued to a following letter, itself preceded by a letter or a word start ("J´egou",
// "´ecole", "Schr¨odinger"). A grave/backtick only between two letters (code uses `quotes`).
const LATEX_ACCENT = /(^|[\s\p{L}])([\u00b4\u00a8\u02c6\u02dc\u00b8\u02c7\u02da\u02d8\u02dd]|(?<=\p{L})\u0060)(\p{L})/gu;

let thaiSegmenter: Intl.Segmenter | null = null;

function segmentWords(run: string): string[] {
  thaiSegmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  return [...thaiSegmenter.segment(run)].map((s) => s.segment);
}

/** Composes TeX spacing accents with the letter they precede. */
export function foldSpacingAccents(text: string): string {
  return text.replace(LATEX_ACCENT, (_m, before: string, accent: string, letter: string) => before + (letter + SPACING_ACCENTS[accent]!).normalize('NFC'));
}

/** Index- and query-time folding (see header). Idempotent: fold(fold(x)) === fold(x). */
export function foldText(text: string): string {
  if (!text) return text;
  let s = text;
  if (NEEDS_WORK.test(s)) {
    s = foldSpacingAccents(s);
    s = s.normalize('NFKC');
    s = s.replace(/\u200b/g, '');
    s = s.replace(CJK_RUN, (run) => [...run].join(ZWSP));
    s = s.replace(SEGMENTED_RUN, (run) => segmentWords(run).join(ZWSP));
    return s;
  }
  return s.normalize('NFKC');
}

/** True when a term holds Han/Kana characters (no prefix search, phrase of characters). */
export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** True when a term holds characters of a script written without spaces (CJK or Thai-like). */
export function hasUnspacedScript(text: string): boolean {
  return CJK_CHAR.test(text) || /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(text);
}

/** Removes the separators foldText inserted (for snippets shown to people). */
export function unfoldForDisplay(text: string): string {
  return text.includes(ZWSP) ? text.replace(/\u200b/g, '') : text;
}
