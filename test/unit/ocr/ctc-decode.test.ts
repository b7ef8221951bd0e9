// CTC greedy decoding and dictionary parsing for the PaddleOCR recognizer output.
import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode, parseDictionary } from '../../../src/main/engine/extract/ocr/ctc-decode';

/** Builds a [T, C] softmax-like matrix where step t puts probability p on class path[t]. */
function steps(path: number[], classes: number, p = 0.9): Float32Array {
  const out = new Float32Array(path.length * classes).fill((1 - p) / (classes - 1));
  path.forEach((c, t) => (out[t * classes + c] = p));
  return out;
}

describe('ctcGreedyDecode', () => {
  const dict = ['a', 'b', 'c', ' '];
  const classes = dict.length + 1; // + blank at 0

  it('collapses repeats, drops blanks and keeps repeats separated by a blank', () => {
    // a a _ b _ b c c _ => "abbc"
    const probs = steps([1, 1, 0, 2, 0, 2, 3, 3, 0], classes);
    expect(ctcGreedyDecode(probs, 0, 9, classes, dict).text).toBe('abbc');
  });

  it('maps the last class to the space the dictionary was extended with', () => {
    const probs = steps([1, 4, 2], classes);
    expect(ctcGreedyDecode(probs, 0, 3, classes, dict).text).toBe('a b');
  });

  it('scores a line as the mean probability of the kept characters', () => {
    const probs = steps([1, 0, 2], classes);
    probs[0 * classes + 1] = 0.6;
    probs[2 * classes + 2] = 0.8;
    const r = ctcGreedyDecode(probs, 0, 3, classes, dict);
    expect(r.text).toBe('ab');
    expect(r.score).toBeCloseTo(0.7, 6);
  });

  it('returns empty text with score 0 for an all-blank sequence', () => {
    expect(ctcGreedyDecode(steps([0, 0, 0], classes), 0, 3, classes, dict)).toEqual({ text: '', score: 0 });
  });

  it('space-aware: reads an unsure gap as a space when the space class has a fair share, without scoring it', () => {
    // classes: blank, a, b, c, space (the dictionary's last symbol)
    const dictSp = ['a', 'b', 'c', ' '];
    const n = 5;
    const probs = steps([1, 0, 2], n);
    probs[1 * n + 0] = 0.8; // blank wins the gap...
    probs[1 * n + 4] = 0.2; // ...but the space is plausible
    expect(ctcGreedyDecode(probs, 0, 3, n, dictSp).text).toBe('ab');
    const spaced = ctcGreedyDecode(probs, 0, 3, n, dictSp, { index: 4, min: 0.1 });
    expect(spaced.text).toBe('a b');
    expect(spaced.score).toBeCloseTo(0.9, 6); // a and b only
    expect(ctcGreedyDecode(probs, 0, 3, n, dictSp, { index: 4, min: 0.3 }).text).toBe('ab');
    // Never a leading space.
    const lead = steps([0, 1], n);
    lead[0 * n + 4] = 0.4;
    expect(ctcGreedyDecode(lead, 0, 2, n, dictSp, { index: 4, min: 0.1 }).text).toBe('a');
  });

  it('reads one sequence of a batch from its offset and stops at the given step count', () => {
    const first = steps([1, 2, 3], classes);
    const second = steps([3, 0, 1], classes);
    const batch = new Float32Array(first.length + second.length);
    batch.set(first, 0);
    batch.set(second, first.length);
    expect(ctcGreedyDecode(batch, first.length, 3, classes, dict).text).toBe('ca');
    expect(ctcGreedyDecode(batch, 0, 2, classes, dict).text).toBe('ab');
  });
});

describe('parseDictionary', () => {
  it('keeps one symbol per line and appends the space, with or without a final newline or CRs', () => {
    expect(parseDictionary('x\ny\nz')).toEqual(['x', 'y', 'z', ' ']);
    expect(parseDictionary('x\r\ny\r\n')).toEqual(['x', 'y', ' ']);
  });
});
