import { describe, expect, it } from 'vitest';
import { parseTerms, toFtsMatch, toTrigramMatch } from '../../../src/main/engine/catalog/fts-query';

describe('user text -> FTS5 MATCH', () => {
  it('quotes every term and prefixes the last bare word', () => {
    expect(toFtsMatch('invoice 2023')).toBe('"invoice" "2023"*');
    expect(toFtsMatch('IMG_2041', { prefix: 'none' })).toBe('"IMG_2041"');
    expect(toFtsMatch('a b', { prefix: 'all', mode: 'or' })).toBe('"a"* OR "b"*');
  });

  it('keeps quoted phrases as phrases and ignores an unbalanced quote', () => {
    expect(parseTerms('"red car" parked')).toEqual([
      { text: 'red car', phrase: true },
      { text: 'parked', phrase: false },
    ]);
    expect(toFtsMatch('"dog')).toBe('"dog"*');
    expect(toFtsMatch('say "hi there')).toBe('"say" "hi" "there"*');
  });

  it('neutralises FTS5 syntax in user text', () => {
    expect(toFtsMatch('NOT cat OR dog', { prefix: 'none' })).toBe('"NOT" "cat" "OR" "dog"');
    expect(toFtsMatch('name:foo', { prefix: 'none' })).toBe('"name:foo"');
    expect(toFtsMatch('a"b', { prefix: 'none' })).toBe('"a" "b"');
  });

  it('returns null when nothing is searchable', () => {
    for (const q of ['', '   ', '"', '""', '++', '*', '()', '-', '" "', '^']) expect(toFtsMatch(q)).toBeNull();
  });

  it('trigram terms are letter/digit runs of 3+ characters', () => {
    expect(toTrigramMatch('DSC_01234.jpg x')).toBe('"DSC" "01234" "jpg"');
    expect(toTrigramMatch('ab 12')).toBeNull();
  });
});
