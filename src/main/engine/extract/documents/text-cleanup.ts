// Final whitespace and character clean-up applied to every extracted page, so the chunker and the
// FTS index see one convention whatever the format: '\n' line breaks, '\n\n' paragraph breaks,
// single spaces, no invisible characters.

const ligatures: Readonly<Record<string, string>> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/**
 * Normalises line endings, drops control and zero-width characters (keeping \n and \t), turns
 * no-break and exotic spaces into plain spaces, expands Latin ligatures (PDF fonts love them and
 * they break keyword search), trims every line and keeps at most one blank line in a row.
 */
export function tidyText(input: string): string {
  let s = input.replace(/\r\n?/g, '\n').replace(/\f/g, '\n\n');
  // Soft hyphen, zero-width space/joiners, word joiner, BOM: invisible, and they split words for FTS.
  s = s.replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '');
  // C0/C1 controls other than \t and \n (seen in broken RTF/PDF text) become spaces.
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g, ' ');
  s = s.replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
  s = s.replace(/[\uFB00-\uFB06]/g, (c) => ligatures[c] ?? c);
  s = s.replace(/[ \t]+/g, ' ');
  s = s.replace(/ ?\n ?/g, '\n');
  s = s.replace(/\n{3,}/g, '\n\n');
  return s.trim();
}

/**
 * Joins words hyphenated across a line break in flowed text ("exam-\nple" -> "example\n"), only when
 * both sides are lower-case letters: "Jean-\nPaul" and "2019-\n2020" stay as they are. The word is
 * joined on the first line so that line numbers of the rest are unchanged.
 */
export function joinHyphenatedLines(s: string): string {
  return s.replace(/(\p{Ll})-\n(\p{Ll}+)([,.;:!?)]?) ?/gu, '$1$2$3\n');
}

/** Collapses dot leaders of tables of contents (". . . . . ." / "......") to a single ellipsis. */
export function collapseDotLeaders(s: string): string {
  return s.replace(/(?:\. ?){4,}/g, ' … ');
}
