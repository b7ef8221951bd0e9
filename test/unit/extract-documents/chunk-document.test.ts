// The chunker: budget, page provenance, offsets, overlap, long sentences, and a real CLIP tokenizer
// (the shared fixture's tokenizer.json through @huggingface/tokenizers) as countTokens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkText, estimateTokens, type DocumentChunk } from '../../../src/main/engine/extract/chunking';
import type { ExtractedDocument } from '../../../src/main/engine/extract/documents';
import { fixturesDir } from '../../helpers/paths';

/** Whitespace-word counter: simple, exactly additive, easy to reason about in assertions. */
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

function doc(pages: { page: number | null; text: string }[]): ExtractedDocument {
  return { format: 'pdf', title: null, pages, metadata: {} };
}

function checkOffsets(d: ExtractedDocument, chunks: DocumentChunk[]): void {
  chunks.forEach((c, i) => {
    expect(c.seq).toBe(i);
    const page = d.pages.find((p) => p.page === c.page);
    expect(page).toBeDefined();
    expect(page?.text.slice(c.charStart, c.charEnd)).toBe(c.text);
    expect(c.text).toBe(c.text.trim());
    expect(c.text.length).toBeGreaterThan(0);
  });
}

const prose = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7} with a few extra words.`).join(' ');

describe('chunkDocument', () => {
  it('keeps every chunk within the budget and maps offsets back to the page text', () => {
    const d = doc([{ page: 1, text: prose }]);
    const chunks = chunkDocument(d, { maxTokens: 30, overlapTokens: 0, countTokens: words });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(words(c.text)).toBeLessThanOrEqual(30);
    checkOffsets(d, chunks);
    // Sentences of 12 words, budget 30: two whole sentences per chunk, cut after a full stop.
    for (const c of chunks.slice(0, -1)) expect(c.text.endsWith('words.')).toBe(true);
    // Without overlap the chunks tile the text: every sentence appears exactly once.
    expect(chunks.map((c) => c.text).join(' ')).toBe(prose);
  });

  it('never lets a chunk span two pages, and records the page', () => {
    const d = doc([
      { page: 1, text: 'Alpha one. Alpha two.' },
      { page: 2, text: '' },
      { page: 3, text: 'Gamma one. Gamma two.' },
    ]);
    const chunks = chunkDocument(d, { maxTokens: 75, overlapTokens: 10, countTokens: words });
    expect(chunks.map((c) => [c.page, c.text])).toEqual([
      [1, 'Alpha one. Alpha two.'],
      [3, 'Gamma one. Gamma two.'],
    ]);
    checkOffsets(d, chunks);
  });

  it('repeats trailing sentences up to overlapTokens at the start of the next chunk', () => {
    const text = 'One two three four. Five six seven eight. Nine ten eleven twelve. Thirteen fourteen fifteen sixteen. Seventeen eighteen nineteen twenty.';
    const chunks = chunkText(text, { maxTokens: 8, overlapTokens: 4, countTokens: words });
    const parts = chunks.map((s) => text.slice(s.start, s.end));
    expect(parts).toEqual([
      'One two three four. Five six seven eight.',
      'Five six seven eight. Nine ten eleven twelve.',
      'Nine ten eleven twelve. Thirteen fourteen fifteen sixteen.',
      'Thirteen fourteen fifteen sixteen. Seventeen eighteen nineteen twenty.',
    ]);
    // Overlap smaller than a sentence: no overlap at all rather than half a sentence.
    const none = chunkText(text, { maxTokens: 8, overlapTokens: 3, countTokens: words });
    expect(none.map((s) => text.slice(s.start, s.end))).toEqual([
      'One two three four. Five six seven eight.',
      'Nine ten eleven twelve. Thirteen fourteen fifteen sixteen.',
      'Seventeen eighteen nineteen twenty.',
    ]);
  });

  it('always makes progress when the overlap plus the next sentence would not fit', () => {
    const text = 'One two three. Four five six seven eight nine ten.';
    const chunks = chunkText(text, { maxTokens: 7, overlapTokens: 6, countTokens: words });
    expect(chunks.map((s) => text.slice(s.start, s.end))).toEqual(['One two three.', 'Four five six seven eight nine ten.']);
  });

  it('splits a sentence longer than the budget at clauses, then words, never mid-word', () => {
    const long = 'This sentence has no full stop for a long while, it goes on and on about nothing in particular, and then it keeps going with more words than any budget allows';
    // Clauses of 10, 9 and 12 words each fit a budget of 12: the sentence splits at its commas.
    const byClause = chunkText(long, { maxTokens: 12, countTokens: words }).map((s) => long.slice(s.start, s.end));
    expect(byClause).toEqual([
      'This sentence has no full stop for a long while,',
      'it goes on and on about nothing in particular,',
      'and then it keeps going with more words than any budget allows',
    ]);
    // Budget 6: clauses are too long too, so words are packed; pieces still end on word boundaries.
    const chunks = chunkText(long, { maxTokens: 6, overlapTokens: 0, countTokens: words });
    for (const s of chunks) {
      expect(words(long.slice(s.start, s.end))).toBeLessThanOrEqual(6);
      expect(s.start === 0 || /\s/.test(long[s.start - 1] ?? '')).toBe(true);
      expect(s.end === long.length || /\s/.test(long[s.end] ?? '')).toBe(true);
    }
    expect(chunks.map((s) => long.slice(s.start, s.end)).join(' ')).toBe(long);
  });

  it('cuts a single over-budget word (no spaces: CJK, URLs) without breaking surrogate pairs', () => {
    const emoji = '😀'.repeat(30);
    const perChar = (s: string): number => [...s].length;
    const chunks = chunkText(emoji, { maxTokens: 7, countTokens: perChar });
    expect(chunks.map((s) => perChar(emoji.slice(s.start, s.end)))).toEqual([7, 7, 7, 7, 2]);
    for (const s of chunks) expect(emoji.slice(s.start, s.end)).toMatch(/^(😀)+$/u);

    const cjk = '모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다';
    const cjkChunks = chunkText(cjk.replace(/ /g, ''), { maxTokens: 10, countTokens: estimateTokens });
    for (const s of cjkChunks) expect(estimateTokens(cjk.replace(/ /g, '').slice(s.start, s.end))).toBeLessThanOrEqual(10);
  });

  it('re-checks chunks with the real count when parts do not add up', () => {
    // A counter that charges 5 extra tokens whenever a string contains a paragraph break.
    const bumpy = (s: string): number => words(s) + (s.includes('\n\n') ? 5 : 0);
    const text = 'One two three.\n\nFour five six.\n\nSeven eight nine.';
    const chunks = chunkText(text, { maxTokens: 8, countTokens: bumpy });
    for (const s of chunks) expect(bumpy(text.slice(s.start, s.end))).toBeLessThanOrEqual(8);
    expect(chunks).toHaveLength(3);
  });

  it('skips the whole-chunk recount for additive counters, except across mid-word cuts', () => {
    let calls = 0;
    const counted = (s: string): number => {
      calls++;
      return words(s);
    };
    chunkText(prose, { maxTokens: 30, countTokens: counted });
    const exactCalls = calls;
    calls = 0;
    const additive = chunkText(prose, { maxTokens: 30, countTokens: counted, additive: true });
    // 40 sentences are counted once each; the 20 chunks are not counted again.
    expect(calls).toBe(40);
    expect(exactCalls).toBe(60);
    expect(additive).toEqual(chunkText(prose, { maxTokens: 30, countTokens: words }));
    // Pieces of a cut word meet without whitespace: those chunks are still checked.
    const perChar = (s: string): number => [...s].length + (s.length > 4 ? 1 : 0);
    const cut = chunkText('abcdefghij', { maxTokens: 5, countTokens: perChar, additive: true });
    for (const sp of cut) expect(perChar('abcdefghij'.slice(sp.start, sp.end))).toBeLessThanOrEqual(5);
  });

  it('treats list lines and headings as separate units but keeps wrapped prose together', () => {
    const text = 'Ingredients\n\n900 g apples\n15 g lemon juice\n\nThe filling is mixed with\nsugar and left to rest.\nThen bake it.';
    const chunks = chunkText(text, { maxTokens: 10, countTokens: words });
    expect(chunks.map((s) => text.slice(s.start, s.end))).toEqual([
      'Ingredients\n\n900 g apples\n15 g lemon juice',
      'The filling is mixed with\nsugar and left to rest.',
      'Then bake it.',
    ]);
  });

  it('rejects a budget below one token and handles empty documents', () => {
    expect(() => chunkText('x', { maxTokens: 0, countTokens: words })).toThrow(RangeError);
    expect(chunkDocument(doc([{ page: null, text: '' }]), { maxTokens: 75, countTokens: words })).toEqual([]);
  });

  it('fits 75 CLIP tokens (real tokenizer, additive mode) on a real multilingual text, with overlap', () => {
    const dir = join(fixturesDir, 'clip-vit-b32-tokenizer');
    const tok = new Tokenizer(JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')), JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')));
    const count = (s: string): number => tok.encode(s, { add_special_tokens: false }).ids.length;
    const text = readFileSync(join(fixturesDir, '..', 'eval', 'documents', 'unstructured-example-docs', 'language-docs', 'UDHR_first_article_all.txt'), 'utf8').slice(0, 20_000);
    const d = doc([{ page: null, text }]);
    const chunks = chunkDocument(d, { maxTokens: 75, overlapTokens: 20, countTokens: count, additive: true });
    expect(chunks.length).toBeGreaterThan(50);
    for (const c of chunks) expect(count(c.text)).toBeLessThanOrEqual(75);
    checkOffsets(d, chunks);
    // Overlap: most chunks start before the previous one ends.
    const overlapping = chunks.slice(1).filter((c, i) => c.charStart < (chunks[i] as DocumentChunk).charEnd).length;
    expect(overlapping).toBeGreaterThan(chunks.length / 3);
  });
});
