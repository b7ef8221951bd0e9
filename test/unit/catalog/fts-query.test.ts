import { describe, expect, it } from 'vitest';
import { parseTerms, toFtsMatch, toTrigramMatch } from '../../../src/main/engine/catalog/fts-query';

describe('user text -> FTS5 MATCH', () => {
  it('quotes every term and prefixes the last bare word', () => {
    expect(toFtsMatch('invoice 2023', { forms: false })).toBe('"invoice" AND "2023"*');
    expect(toFtsMatch('IMG_2041', { prefix: 'none' })).toBe('"IMG_2041"');
    expect(toFtsMatch('cat dog', { prefix: 'all', mode: 'or', forms: false })).toBe('"cat"* OR "dog"*');
  });

  it('keeps quoted phrases as phrases and ignores an unbalanced quote', () => {
    expect(parseTerms('"red car" parked')).toEqual([
      { text: 'red car', phrase: true },
      { text: 'parked', phrase: false },
    ]);
    expect(toFtsMatch('"dog', { forms: false })).toBe('"dog"*');
    expect(toFtsMatch('say "hi there', { forms: false })).toBe('"say" AND "hi"');
  });

  it('neutralises FTS5 syntax in user text', () => {
    expect(toFtsMatch('NEAR cat AND dog', { prefix: 'none', forms: false })).toBe('"cat" AND "dog"');
    expect(toFtsMatch('NOT cat* OR {dog}', { prefix: 'none', forms: false })).toBe('"cat*" AND "{dog}"');
    expect(toFtsMatch('name:foo', { prefix: 'none' })).toBe('"name:foo"');
    expect(toFtsMatch('ab"cd', { prefix: 'none' })).toBe('"ab" AND "cd"');
  });

  it('returns null when nothing is searchable', () => {
    for (const q of ['', '   ', '"', '""', '++', '*', '()', '-', '" "', '^']) expect(toFtsMatch(q)).toBeNull();
  });

  it('trigram terms are letter/digit runs of 3+ characters', () => {
    expect(toTrigramMatch('DSC_01234.jpg x')).toBe('"DSC" "01234" "jpg"');
    expect(toTrigramMatch('ab 12')).toBeNull();
  });
});

describe('query words people actually type', () => {
  it('drops stopwords from required terms and never makes them prefixes', () => {
    expect(toFtsMatch('a dog on the beach', { forms: false })).toBe('"dog" AND "beach"*');
    expect(toFtsMatch('photos of the', { forms: false })).toBe('"photos"');
    expect(toFtsMatch('le chat dans la maison', { forms: false })).toBe('"chat" AND "maison"*');
    // Only stopwords: searched as typed, without prefixes.
    expect(toFtsMatch('the who', { forms: false })).toBe('"the" AND "who"');
    // Inside a quoted phrase they count.
    expect(toFtsMatch('"on the road"', { forms: false })).toBe('"on the road"');
  });

  it('prefixes only the last word, and only from 3 characters', () => {
    expect(toFtsMatch('dog be', { forms: false })).toBe('"dog"');
    expect(toFtsMatch('dog bea', { forms: false })).toBe('"dog" AND "bea"*');
    expect(toFtsMatch('ca', { forms: false })).toBe('"ca"');
    expect(toFtsMatch('beach "red car"', { forms: false })).toBe('"beach" AND "red car"');
  });

  it('asks for regular English forms alongside the typed word', () => {
    expect(toFtsMatch('pancakes', { prefix: 'none' })).toBe('("pancakes" OR "pancake")');
    expect(toFtsMatch('berry', { prefix: 'none' })).toBe('("berry" OR "berries" OR "berrying" OR "berryed")');
    expect(toFtsMatch('baking', { prefix: 'none' })).toBe('("baking" OR "bake" OR "bakes" OR "bak" OR "baks")');
    expect(toFtsMatch('IMG_2041', { prefix: 'none' })).toBe('"IMG_2041"');
  });

  it('folds text like the index: NFKC, TeX accents, Han characters as a phrase', () => {
    expect(toFtsMatch('J´egou', { prefix: 'none' })).toBe('"Jégou"');
    expect(toFtsMatch('ﬁsh', { prefix: 'none', forms: false })).toBe('"fish"');
    expect(toFtsMatch('系统', { prefix: 'none' })).toBe('"系\u200b统"');
    expect(toFtsMatch('"自由软件"')).toBe('"自\u200b由\u200b软\u200b件"');
  });
});
