// A fast approximate token counter for CLIP-style BPE, for tests, benchmarks and for keyword (FTS)
// chunking where exact counts do not matter. The real count comes from the model's tokenizer.
// Pre-tokenisation follows CLIP's pattern: letter runs, single digits, punctuation runs; long words
// cost extra BPE pieces, and CJK characters (3 UTF-8 bytes, rarely merged by byte-level BPE) about
// two tokens each.

const PRE_TOKEN = /\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function estimateTokens(s: string): number {
  let n = 0;
  PRE_TOKEN.lastIndex = 0;
  for (let m = PRE_TOKEN.exec(s); m !== null; m = PRE_TOKEN.exec(s)) {
    const w = m[0];
    if (CJK.test(w)) n += 2 * w.length;
    else n += Math.ceil(w.length / 6);
  }
  return n;
}
