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

/** The words of a query (2+ letters or digits), lower-cased. */
export function queryWords(query: string | null): string[] {
  if (!query) return [];
  return [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2))];
}

/** Query words that appear in the file name, case-insensitively. */
export function wordsInName(query: string | null, name: string): string[] {
  const hay = name.toLowerCase();
  return queryWords(query).filter((w) => hay.includes(w));
}

/** OCR lines that contain a word of the query (the ones to quote and outline). */
export function linesWithQuery<T extends { text: string }>(query: string | null, lines: readonly T[] | undefined): T[] {
  const words = queryWords(query);
  if (!lines || words.length === 0) return [];
  return lines.filter((l) => words.some((w) => l.text.toLowerCase().includes(w)));
}

export function matchReasons(matchedBy: readonly MatchSource[], query: string | null, name: string, textLines: readonly { text: string }[] = []): string[] {
  const out: string[] = [];
  // Lines of text read from the image that hold a word of the query: quoted (and outlined on the
  // preview) for keyword and vector matches alike, since a vector match can come from that text's
  // passage (OCR text is embedded like document text), not from the picture.
  const inText = linesWithQuery(query, textLines);
  const quoted = `Text read from the image: ${inText.slice(0, 3).map((l) => `“${l.text.trim()}”`).join(', ')}${inText.length > 3 ? ' …' : ''} (outlined).`;
  if (matchedBy.includes('duplicate')) out.push('A near-duplicate of the image you searched with (same picture, resized or re-encoded).');
  if (matchedBy.includes('filters')) out.push('It passes the filters your search names (its date, words left out); there were no other words to match.');
  if (matchedBy.includes('vector')) {
    if (!query) out.push('The model finds the two pictures alike.');
    else if (inText.length > 0) out.push(`The model matches “${query}” with the picture or with the text read from it.`);
    else out.push(`The model sees “${query}” in the picture.`);
  }
  if (matchedBy.includes('keyword')) {
    const inName = wordsInName(query, name);
    if (inName.length > 0) out.push(`The file name contains ${inName.map((w) => `“${w}”`).join(', ')}.`);
    if (inText.length > 0) out.push(quoted);
    if (inName.length === 0 && inText.length === 0) out.push('Words of your search appear in its details (camera, place, date) or in text read from the image, not in what the picture shows.');
  } else if (inText.length > 0) out.push(quoted);
  return out;
}

export function MatchReasons({ matchedBy, query, name, textLines }: { matchedBy: readonly MatchSource[]; query: string | null; name: string; textLines?: readonly { text: string }[] }) {
  const reasons = matchReasons(matchedBy, query, name, textLines);
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

/** Outlines of OCR lines over the preview (same box as the <img>, object-fit: contain alike). */
export function TextBoxes({ lines, width, height }: { lines: readonly { text: string; box: [number, number][] | null }[]; width: number; height: number }) {
  const drawn = lines.filter((l) => l.box);
  if (drawn.length === 0) return null;
  return (
    <svg className="ocr-boxes" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={`Where the text was read: ${drawn.length} ${drawn.length === 1 ? 'line' : 'lines'}`}>
      {drawn.map((l, i) => (
        <polygon key={i} points={l.box!.map(([x, y]) => `${x},${y}`).join(' ')} vectorEffect="non-scaling-stroke">
          <title>{l.text}</title>
        </polygon>
      ))}
    </svg>
  );
}
