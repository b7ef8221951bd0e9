// Hybrid ranking: weighted reciprocal rank fusion of ranked lists (image vectors, document-chunk
// vectors, keyword hits). RRF needs no score calibration between lists, which matters because
// CLIP text->image and text->text cosines live on different scales and bm25 on another. A keyword
// list whose best hit is a file-name match gets a higher weight, so "IMG_2041" or a person's name
// in a file name lands the exact file first while "dog on a beach" stays with the embeddings.

export const RRF_K = 60;

export interface RankedList<K> {
  name: string;
  weight: number;
  keys: K[];
}

export interface Fused<K> {
  key: K;
  score: number;
  /** Which lists contributed, and at which 0-based rank. */
  ranks: Record<string, number>;
}

export function reciprocalRankFusion<K>(lists: RankedList<K>[], k = RRF_K): Fused<K>[] {
  const acc = new Map<K, Fused<K>>();
  for (const list of lists) {
    list.keys.forEach((key, rank) => {
      let f = acc.get(key);
      if (!f) {
        f = { key, score: 0, ranks: {} };
        acc.set(key, f);
      }
      if (f.ranks[list.name] !== undefined) return; // first (best) occurrence counts
      f.ranks[list.name] = rank;
      f.score += list.weight / (k + rank + 1);
    });
  }
  return [...acc.values()].sort((a, b) => b.score - a.score);
}

/**
 * The same fusion without the per-list ranks: keys best first with their scores, in parallel (ties in order of
 * first appearance; in no order when not `sorted`). What search uses, where 100k keyword matches
 * made 100k rank records.
 */
export function fusedScores<K>(lists: RankedList<K>[], k = RRF_K, sorted = true): { keys: K[]; scores: Float64Array } {
  const nonEmpty = lists.filter((l) => l.keys.length > 0);
  if (nonEmpty.length === 1 && new Set(nonEmpty[0]!.keys).size === nonEmpty[0]!.keys.length) {
    // One list (a search without a model): its order, scores by rank; no maps of 100k keys.
    const { keys, weight } = nonEmpty[0]!;
    const scores = new Float64Array(keys.length);
    for (let rank = 0; rank < keys.length; rank++) scores[rank] = weight / (k + rank + 1);
    return { keys, scores };
  }
  const score = new Map<K, number>();
  for (const list of lists) {
    const seen = new Set<K>();
    const keys = list.keys;
    for (let rank = 0; rank < keys.length; rank++) {
      const key = keys[rank]!;
      if (seen.has(key)) continue; // first (best) occurrence counts
      seen.add(key);
      score.set(key, (score.get(key) ?? 0) + list.weight / (k + rank + 1));
    }
  }
  const all = [...score.keys()];
  const vals = Float64Array.from(score.values());
  if (!sorted) return { keys: all, scores: vals };
  const order = new Uint32Array(all.length).map((_, i) => i);
  order.sort((a, b) => vals[b]! - vals[a]! || a - b);
  const keys = new Array<K>(all.length);
  const scores = new Float64Array(all.length);
  for (let i = 0; i < order.length; i++) {
    keys[i] = all[order[i]!]!;
    scores[i] = vals[order[i]!]!;
  }
  return { keys, scores };
}

/** Splits a query into the parts quoted with "..." (forced keyword phrases) and the rest. */
export function splitQuoted(query: string): { phrases: string[]; rest: string } {
  const phrases: string[] = [];
  const rest = query.replace(/"([^"]+)"/g, (_, p: string) => {
    if (p.trim()) phrases.push(p.trim());
    return ' ';
  });
  return { phrases, rest: rest.replace(/\s+/g, ' ').trim() };
}

/** A query that looks like an identifier (IMG_2041, 2023-invoice.pdf, DSC01234) rather than a description. */
export function looksLikeIdentifier(query: string): boolean {
  const q = query.trim();
  return /\d/.test(q) || /[_./\\]/.test(q) || (/^\S+$/.test(q) && /[A-Z].*[A-Z]/.test(q));
}
