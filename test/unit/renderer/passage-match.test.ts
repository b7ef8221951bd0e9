// The document preview's matching: the words a passage must hold (the query's, not its -exclusions,
// plus the words the engine marked in the snippet), and the passage a hit starts on (on its page,
// holding the snippet's text, else holding a word, else the page's first).
import { describe, expect, it } from 'vitest';
import { initialIndex, matcher, matchTerms } from '../../../src/renderer/src/components/passage-match';

const passages = [
  { id: 1, page: 1, text: 'Introduction to tables.' },
  { id: 2, page: 2, text: 'The toprule command draws the top rule of a table.' },
  { id: 3, page: 2, text: 'Use midrule between the head and the body; toprule above it.' },
  { id: 4, page: 3, text: 'Spacing around rules.' },
];

describe('passage matching', () => {
  it('takes the query words and the engine-marked words, not exclusions or one-letter bits', () => {
    expect(matchTerms('toprule -midrule a', null)).toEqual(['toprule']);
    expect(matchTerms(null, '…the «Toprule» and «top rule»…')).toEqual(['toprule', 'top', 'rule']);
    expect(matchTerms('  ', null)).toEqual([]);
    expect(matcher([])).toBeNull();
    const m = matcher(['toprule', 'a.b'])!;
    expect(m('THE TOPRULE')).toBe(true);
    expect(m('axb')).toBe(false); // regex characters are literal
  });

  it('starts on the passage holding the snippet on the hit page', () => {
    const isMatch = matcher(['toprule']);
    expect(initialIndex(passages, 2, '…between the head and the body; «toprule» above it', isMatch)).toBe(2);
    // Snippet text not found: the first passage of that page holding a word.
    expect(initialIndex(passages, 2, 'something else entirely here', isMatch)).toBe(1);
    // No words: the page's first passage; no page: over the whole document.
    expect(initialIndex(passages, 3, null, null)).toBe(3);
    expect(initialIndex(passages, null, 'Spacing around rules.', null)).toBe(3);
    // A page the document does not have: the search runs over every passage.
    expect(initialIndex(passages, 9, null, isMatch)).toBe(1);
    expect(initialIndex([], 1, null, null)).toBe(0);
  });
});
