// CTC greedy decoding for the PaddleOCR recognition model: per time step take the arg-max class,
// collapse repeats, drop the blank (class 0), map class i to dictionary[i - 1]. The line score is the
// mean probability of the kept characters, which is what PaddleOCR reports and thresholds on.
// Optionally space-aware: see `space` below.

export interface DecodedText {
  text: string;
  score: number;
}

/**
 * Decodes one sequence of a [T, C] softmax output stored row-major in `probs` starting at `offset`.
 * `steps` limits decoding to the time steps that belong to the real crop (the rest is padding).
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  dictionary: readonly string[],
  space?: { index: number; min: number },
): DecodedText {
  let text = '';
  let sum = 0;
  let kept = 0;
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base] ?? 0;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    // Space-aware decoding: a gap the model is unsure about (blank wins, but the space class has a
    // fair share) between two characters is read as a space.
    // It does not count towards the line's score (the model itself did not choose it).
    if (space && best === 0 && prev !== space.index && (probs[base + space.index] ?? 0) >= space.min && text !== '' && !text.endsWith(' ')) {
      text += ' ';
      prev = space.index;
      continue;
    }
    if (best !== 0 && best !== prev) {
      text += dictionary[best - 1] ?? '';
      sum += bestP;
      kept++;
    }
    prev = best;
  }
  return { text, score: kept ? sum / kept : 0 };
}

/** Parses a PaddleOCR key file (one symbol per line) and appends the space the models are trained with. */
export function parseDictionary(keys: string): string[] {
  const lines = keys.replace(/\r/g, '').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return [...lines, ' '];
}
