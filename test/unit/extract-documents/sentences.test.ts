// Sentence boundaries for the chunker: punctuation, abbreviations, CJK stops, list lines vs wrapped prose.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/main/engine/extract/chunking';

const split = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits at terminal punctuation followed by a non-lower-case start', () => {
    expect(split('It rains. It pours! Does it? "Yes." (Maybe.) Then stop…  Next')).toEqual(['It rains.', 'It pours!', 'Does it?', '"Yes."', '(Maybe.)', 'Then stop…', 'Next']);
  });

  it('does not split after abbreviations, initials, decimals or before lower case', () => {
    expect(split('See Fig. 3 and e.g. the table. Dr. Who met J. Smith at 3.5 km. the end')).toEqual([
      'See Fig. 3 and e.g. the table.',
      'Dr. Who met J. Smith at 3.5 km. the end',
    ]);
  });

  it('splits at CJK full stops without spaces', () => {
    expect(split('第一句。第二句！第三句？')).toEqual(['第一句。', '第二句！', '第三句？']);
  });

  it('treats blank lines as paragraph breaks and list lines as items, but joins wrapped prose', () => {
    const text = 'Heading\n\n- 900 g apples\n- 15 g juice\n1. Peel the apples\n12. Chop\nThe dough is rolled\nout thin,\nBaked for an hour';
    expect(split(text)).toEqual(['Heading', '- 900 g apples', '- 15 g juice', '1. Peel the apples', '12. Chop', 'The dough is rolled\nout thin,\nBaked for an hour']);
    // Caseless scripts continue across wrapped lines.
    expect(split('모든 인간은 태어날 때부터\n자유로우며 그 존엄과')).toHaveLength(1);
  });

  it('returns trimmed, non-empty spans with offsets into the original', () => {
    const text = '  \n\n  One.   Two.  \n\n\n ';
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['One.', 'Two.']);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   \n ')).toEqual([]);
  });
});
