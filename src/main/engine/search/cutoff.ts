// The relevance cut-off: which vector matches are signal and which are the noise floor of this
// query. For a query, almost every item in a library is unrelated, and the similarities of
// unrelated items form a narrow "background" distribution. We measure that background for the
// query itself (its similarity to a random sample of the library's vectors), and keep a match
// only when it stands clearly above it: score >= mean + z * std, never below the family's absolute
// floor, and never more than `maxDrop` below the best match (a long flat tail is noise too).
//
// Per model family (cosine ranges differ a lot):
// - CLIP (softmax-trained; OpenAI/OpenCLIP): text->image cosines of real matches sit around
//   0.25-0.35 and unrelated items around 0.10-0.20: floor 0.15, z = 3.
// - SigLIP (sigmoid-trained): cosines are lower and compressed (matches ~0.05-0.20, unrelated
//   ~-0.10-0.05): floor 0.0, z = 3; the distribution test does the real work.
// - M-CLIP: like CLIP but a little lower: floor 0.12.
// Image->image (similar) uses a stricter z because near-duplicates are far outliers, and floors
// that are higher (image-image cosines are larger for every family).
// With a random-weight test pack every cosine is meaningless, which is why the statistical part
// (not the floor) is what tests check: see test/unit/search/cutoff.test.ts.

export type ModelFamily = 'clip' | 'siglip' | 'mclip';
export type QueryMode = 'text' | 'image';

export interface CutoffParams {
  z: number;
  floor: number;
  maxDrop: number;
  /** Always keep at least this many top matches (a query never comes back empty because of the cut-off alone). */
  minKeep: number;
}

const PARAMS: Record<ModelFamily, Record<QueryMode, CutoffParams>> = {
  clip: { text: { z: 3, floor: 0.15, maxDrop: 0.1, minKeep: 1 }, image: { z: 4, floor: 0.5, maxDrop: 0.3, minKeep: 1 } },
  siglip: { text: { z: 3, floor: 0.0, maxDrop: 0.12, minKeep: 1 }, image: { z: 4, floor: 0.4, maxDrop: 0.3, minKeep: 1 } },
  mclip: { text: { z: 3, floor: 0.12, maxDrop: 0.1, minKeep: 1 }, image: { z: 4, floor: 0.5, maxDrop: 0.3, minKeep: 1 } },
};

export function cutoffParams(family: ModelFamily, mode: QueryMode, overrides: Partial<CutoffParams> = {}): CutoffParams {
  return { ...PARAMS[family][mode], ...overrides };
}

export interface BackgroundStats {
  mean: number;
  std: number;
  n: number;
}

export function backgroundStats(scores: ArrayLike<number>): BackgroundStats {
  const n = scores.length;
  if (n === 0) return { mean: 0, std: 0, n: 0 };
  let s = 0;
  for (let i = 0; i < n; i++) s += scores[i]!;
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (scores[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(v / Math.max(1, n - 1)), n };
}

/**
 * The score threshold for a query: matches below it are folded under "more".
 * With too small a background sample (< 20 items) only the floor and the drop rule apply.
 */
export function relevanceThreshold(background: BackgroundStats, topScore: number, params: CutoffParams): number {
  const statistical = background.n >= 20 ? background.mean + params.z * background.std : -Infinity;
  return Math.max(statistical, params.floor, topScore - params.maxDrop);
}

/** Splits scored matches (best first) into kept and folded. */
export function applyCutoff<T extends { score: number }>(matches: T[], threshold: number, minKeep: number): { kept: T[]; folded: T[] } {
  let cut = matches.findIndex((m) => m.score < threshold);
  if (cut === -1) cut = matches.length;
  cut = Math.max(cut, Math.min(minKeep, matches.length));
  return { kept: matches.slice(0, cut), folded: matches.slice(cut) };
}

/** Similarities of a query to a sample of stored vectors (the query's own background). */
export function sampleScores(query: Float32Array, sample: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(sample.length);
  for (let j = 0; j < sample.length; j++) {
    const v = sample[j]!;
    let d = 0;
    for (let i = 0; i < query.length; i++) d += query[i]! * v[i]!;
    out[j] = d;
  }
  return out;
}
