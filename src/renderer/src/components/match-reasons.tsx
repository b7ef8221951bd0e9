// "Why did this match", in words: which of the engine's reasons found a result (the model's visual
// similarity, a keyword in the file name or in its metadata and text read from the image, a
// near-duplicate). The heatmap is only offered for visual matches: for a keyword hit it would
// point at pixels that had nothing to do with it.
import type { SearchHit } from '../../../shared/contract';

/** The engine's reasons (SearchHit['matchedBy']); typed loosely so newer reasons pass through. */
type MatchSource = SearchHit['matchedBy'][number] | (string & {});

/** Whether the model's image embedding took part (only then is a heatmap meaningful). */
export function visualMatch(matchedBy: readonly MatchSource[] | undefined): boolean {
  return !matchedBy || matchedBy.length === 0 || matchedBy.includes('vector');
}

/** Query words (2+ letters) that appear in the file name, case-insensitively. */
export function wordsInName(query: string | null, name: string): string[] {
  if (!query) return [];
  const hay = name.toLowerCase();
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && !w.startsWith('-'));
  return [...new Set(words.filter((w) => hay.includes(w)))];
}

export function matchReasons(matchedBy: readonly MatchSource[], query: string | null, name: string): string[] {
  const out: string[] = [];
  if (matchedBy.includes('duplicate')) out.push('A near-duplicate of the image you searched with (same picture, resized or re-encoded).');
  if (matchedBy.includes('vector')) out.push(query ? `The model sees “${query}” in the picture.` : 'The model finds the two pictures alike.');
  if (matchedBy.includes('keyword')) {
    const inName = wordsInName(query, name);
    out.push(
      inName.length > 0
        ? `The file name contains ${inName.map((w) => `“${w}”`).join(', ')}.`
        : 'Words of your search appear in its details (camera, place, date) or in text read from the image, not in what the picture shows.',
    );
  }
  return out;
}

export function MatchReasons({ matchedBy, query, name }: { matchedBy: readonly MatchSource[]; query: string | null; name: string }) {
  const reasons = matchReasons(matchedBy, query, name);
  if (reasons.length === 0) return null;
  return (
    <section className="match-reasons" aria-label="Why it matched" data-matched-by={matchedBy.join(' ')}>
      <h3>Why it matched</h3>
      <ul>
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {!visualMatch(matchedBy) && <p className="muted small">Found by its words, not by what it shows: there is no heatmap to draw.</p>}
    </section>
  );
}
