// The tokeniser against 5,018 reference encodings (HF tokenizers on tokenizer.json, and open_clip).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextTokenizer } from '../../../src/main/engine/models/tokenizer';
import { fixturesDir, tinyPackDir } from '../../helpers/paths';

const tok = TextTokenizer.load(
  {
    tokenizerJsonPath: join(tinyPackDir, 'textual/tokenizer.json'),
    tokenizerConfigPath: join(tinyPackDir, 'textual/tokenizer_config.json'),
    specialTokensMapPath: join(tinyPackDir, 'textual/special_tokens_map.json'),
  },
  77,
);
const rows = readFileSync(join(fixturesDir, 'clip-tokenizer-reference.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; open_clip: number[]; hf_tokenizer_json: number[] });

describe('TextTokenizer', () => {
  it('uses the pack pad and end tokens', () => {
    expect(tok.padId).toBe(49407);
    expect(tok.endId).toBe(49407);
  });

  it('encodes all reference texts exactly like tokenizer.json (truncated to 77, end kept, padded)', () => {
    expect(rows.length).toBe(5018);
    const mismatches: string[] = [];
    for (const r of rows) {
      let ref = r.hf_tokenizer_json.slice();
      if (ref.length > 77) ref = [...ref.slice(0, 76), ref[ref.length - 1]!];
      while (ref.length < 77) ref.push(49407);
      if (tok.encode(r.text).ids.join(',') !== ref.join(',')) mismatches.push(r.text);
    }
    expect(mismatches).toEqual([]);
  });

  it('matches open_clip (zero padded) except where ftfy/HTML clean-up differs', () => {
    const differ: string[] = [];
    for (const r of rows) {
      const e = tok.encode(r.text);
      const zeroPadded = e.ids.map((v, i) => (i < e.length ? v : 0));
      if (zeroPadded.join(',') !== r.open_clip.join(',')) differ.push(r.text);
    }
    // open_clip runs ftfy (NFKC: fullwidth letters, the fi ligature, the fullwidth colon) and
    // html.unescape before BPE; tokenizer.json does neither. Exactly those 4 texts differ.
    expect(differ.length).toBe(4);
    for (const t of differ) expect(t.normalize('NFKC') !== t || /&\w+;/.test(t)).toBe(true);
  });

  it('keeps the end token last when truncating and builds an attention mask', () => {
    const long = 'word '.repeat(200);
    const e = tok.encode(long);
    expect(e.ids.length).toBe(77);
    expect(e.ids[0]).toBe(49406);
    expect(e.ids[76]).toBe(49407);
    const b = tok.encodeBatch(['a dog', long]);
    expect(b.lengths).toEqual([4, 77]);
    expect(Array.from(b.attentionMask.slice(0, 5))).toEqual([1, 1, 1, 1, 0]);
  });
});
