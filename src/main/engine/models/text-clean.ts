// Text cleaning before tokenising, as Immich's ML service does it (and so as its packs expect):
// whitespace collapsed the way Python's str.split() splits (which differs from JavaScript's \s:
// Python also splits on U+001C-U+001F and U+0085 and does not split on U+FEFF); SigLIP packs
// (config.json text_cfg.tokenizer_kwargs.clean == "canonicalize") also drop ASCII punctuation and
// lower-case. Full-width punctuation (！？：) survives on purpose: the tokenizer's NFKC sees it later.

/** Python str.isspace() characters: what str.split() with no argument splits on. */
// eslint-disable-next-line no-control-regex -- U+001C-U+001F are whitespace to Python and must split
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Python's string.punctuation. */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export type TextCleanMode = 'canonicalize' | null;

/** `' '.join(text.split())`, then, for canonicalize, punctuation removed and lower-cased. */
export function cleanText(text: string, mode: TextCleanMode = null): string {
  let out = text.split(PY_WHITESPACE).filter((w) => w.length > 0).join(' ');
  if (mode === 'canonicalize') out = out.replace(ASCII_PUNCTUATION, '').toLowerCase();
  return out;
}
