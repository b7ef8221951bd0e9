// Reading order of OCR lines, and the CER helpers the OCR benchmark and integration test rely on.
import { describe, expect, it } from 'vitest';
import { groupRows, linesToText, sortReadingOrder } from '../../../src/main/engine/extract/ocr/reading-order';
import { characterErrorRate, editDistance, normaliseForCer, orderFreeCer } from '../../../bench/ocr/cer';

const line = (text: string, x0: number, y0: number, x1: number, y1: number) => ({
  text,
  box: [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ] as [number, number][],
});

describe('reading order', () => {
  it('groups boxes of one row and sorts rows top to bottom, boxes left to right', () => {
    const lines = [
      line('cell b', 300, 102, 400, 118),
      line('second row', 10, 140, 200, 160),
      line('title', 10, 10, 200, 40),
      line('cell a', 10, 100, 120, 120),
      line('cell c', 500, 98, 560, 121),
    ];
    expect(sortReadingOrder(lines).map((l) => l.text)).toEqual(['title', 'cell a', 'cell b', 'cell c', 'second row']);
    expect(groupRows(lines).map((r) => r.length)).toEqual([1, 3, 1]);
    expect(linesToText(lines)).toBe('title\ncell a cell b cell c\nsecond row');
  });

  it('keeps lines that only touch vertically in separate rows', () => {
    const lines = [line('lower', 10, 18, 100, 34), line('upper', 50, 0, 140, 20)];
    expect(groupRows(lines).map((r) => r.map((l) => l.text))).toEqual([['upper'], ['lower']]);
  });
});

describe('CER helpers', () => {
  it('computes Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('normalises case, whitespace, ligatures, typographic punctuation and control characters', () => {
    expect(normaliseForCer('  The \u201cﬁrst\u201d\n\tline \u2014 ok\u0003 ')).toBe('the "first" line - ok');
  });

  it('CER is distance over the normalised reference length', () => {
    expect(characterErrorRate('Hello  World', 'hello world').cer).toBe(0);
    expect(characterErrorRate('hellp world', 'hello world').cer).toBeCloseTo(1 / 11, 9);
  });

  it('order-free CER forgives line order but not missing text', () => {
    const ref = 'alpha beta\ngamma delta\n5 1 4';
    expect(orderFreeCer(['gamma delta', 'alpha beta', '5', '1', '4'], ref).cer).toBe(0);
    expect(orderFreeCer(['gamma delta'], ref).cer).toBeGreaterThan(0.5);
  });
});
