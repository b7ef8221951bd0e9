// Query refinements that query chips and "find similar + words" add to a search: files left out by
// "-word" exclusions, and an image query moved toward some words.
import type { KeywordIndex } from '../catalog';
import { MAX_KEYWORD_HITS } from './keyword-candidates';

/**
 * Files that hold any of the excluded words in their name, metadata, document text or text read
 * from the image (the keyword index, whole words). Null when nothing is excluded.
 */
export function excludedFiles(index: KeywordIndex, words: readonly string[] | undefined): Set<number> | null {
  if (!words || words.length === 0) return null;
  const out = new Set<number>();
  // Whole words only: "-cat" leaves out "cat-sofa.jpg", not "concatenate.pdf".
  for (const w of words) for (const h of index.search(w, { limit: MAX_KEYWORD_HITS, snippets: 0, exact: false, nameSubstrings: false })) out.add(h.fileId);
  return out;
}

/** How much of the combined query the words carry (image 1 - w, text w), on unit vectors. */
export const REFINE_TEXT_WEIGHT = 0.5;

/**
 * "This photo + at night": the normalised weighted sum of the image's and the words' embeddings
 * (both L2-normalised already in the same space), so neighbours share both.
 */
export function combineQueries(image: Float32Array, text: Float32Array, textWeight = REFINE_TEXT_WEIGHT): Float32Array {
  if (image.length !== text.length) throw new Error(`dimension mismatch: ${image.length} vs ${text.length}`);
  const out = new Float32Array(image.length);
  let norm = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = (1 - textWeight) * image[i]! + textWeight * text[i]!;
    norm += out[i]! * out[i]!;
  }
  norm = Math.sqrt(norm);
  if (norm === 0) return Float32Array.from(image);
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}
