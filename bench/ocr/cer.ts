// Character error rate for OCR evaluation: Levenshtein distance between normalised hypothesis and
// reference, divided by the normalised reference length.
// Normalisation (applied to both sides): Unicode NFKC (folds ligatures like "ﬁ" and the full-width
// punctuation the Chinese/English model emits), control characters dropped (some PDFs map glyphs such
// as the minus sign to U+0003), typographic quotes/dashes/bullets folded to ASCII,
// lower case, every whitespace run (spaces, newlines, tabs) collapsed to one space, trimmed.

export function normaliseForCer(text: string): string {
  return text
    .normalize('NFKC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2022\u00b7]/g, '*')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance (unit costs) over UTF-16 code units, two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** CER of `hypothesis` against `reference`, both normalised first. */
export function characterErrorRate(hypothesis: string, reference: string): { cer: number; distance: number; referenceLength: number } {
  const h = normaliseForCer(hypothesis);
  const r = normaliseForCer(reference);
  const distance = editDistance(h, r);
  return { cer: r.length ? distance / r.length : h.length ? 1 : 0, distance, referenceLength: r.length };
}

/**
 * Where `needle` fits best inside `hay` (semi-global alignment: free start and end in `hay`).
 * Returns the start index of the best-matching substring and its edit distance. Among equally good
 * matches (a lone "5" matches many places) the first one starting at or after `hint` wins, else the last.
 */
export function bestMatchStart(needle: string, hay: string, hint = 0): { start: number; distance: number } {
  const m = needle.length;
  const n = hay.length;
  if (!m) return { start: 0, distance: 0 };
  // Row i holds distances of needle[0..i) against hay substrings ending at j, with their start.
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  let prevStart = new Int32Array(n + 1);
  let curStart = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) {
    prev[j] = 0;
    prevStart[j] = j;
  }
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    curStart[0] = 0;
    const c = needle.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (c === hay.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (sub <= del && sub <= ins) {
        cur[j] = sub;
        curStart[j] = prevStart[j - 1]!;
      } else if (del <= ins) {
        cur[j] = del;
        curStart[j] = prevStart[j]!;
      } else {
        cur[j] = ins;
        curStart[j] = curStart[j - 1]!;
      }
    }
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  let min = Infinity;
  for (let j = 1; j <= n; j++) if (prev[j]! < min) min = prev[j]!;
  let best = -1;
  for (let j = 1; j <= n; j++) {
    if (prev[j] !== min) continue;
    best = j;
    if (prevStart[j]! >= hint) break;
  }
  return { start: prevStart[best]!, distance: min };
}

/**
 * CER that forgives reading order: each OCR line is moved to where it best matches in the reference
 * before the usual CER is taken, so a table read row by row against a PDF that stores it column by
 * column (or a caption stored before the body) is not counted as errors. Every missing, extra or
 * wrong character still counts.
 */
export function orderFreeCer(lines: readonly string[], reference: string): { cer: number; distance: number; referenceLength: number } {
  const r = normaliseForCer(reference);
  let hint = 0;
  const placed = lines
    .map((l, i) => ({ text: normaliseForCer(l), i }))
    .filter((l) => l.text)
    .map((l) => {
      const at = bestMatchStart(l.text, r, hint).start;
      hint = at + l.text.length;
      return { ...l, at };
    })
    .sort((a, b) => a.at - b.at || a.i - b.i);
  return characterErrorRate(placed.map((p) => p.text).join(' '), r);
}
