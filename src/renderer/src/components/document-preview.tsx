// A document in the preview: the passage with the text before and after it, the page it is on (PDF
// pages rendered by the engine, fetched by the passage's opaque id), and Previous/Next match
// through the document's other passages that hold the query's words (or, with no words to look for,
// through its passages one by one).
import { useEffect, useMemo, useState } from 'react';
import type { DocumentPassages } from '../../../shared/contract';
import { client } from '../api/client';
import { messageOf } from '../state/toasts';
import { Highlight } from './highlight';
import { DocIcon } from './icons';
import { initialIndex, matcher, matchTerms } from './passage-match';

interface Props {
  fileId: number;
  name: string;
  /** The hit: its page and its passage (or the keyword snippet, with « » around matched words). */
  page: number | null;
  text: string | null;
  query: string | null;
}

const CONTEXT_CHARS = 320;

export function DocumentPreview({ fileId, name, page, text, query }: Props) {
  const [doc, setDoc] = useState<DocumentPassages | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [pageState, setPageState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const terms = useMemo(() => matchTerms(query, text), [query, text]);
  const isMatch = useMemo(() => matcher(terms), [terms]);

  useEffect(() => {
    let live = true;
    setDoc(null);
    setError(null);
    client
      .call('documentPassages', { fileId })
      .then((d) => {
        if (!live) return;
        setDoc(d);
        setIndex(initialIndex(d.passages, page, text, isMatch));
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
    // A new hit (file, page or passage) starts again; the terms follow from it.
  }, [fileId, page, text]);

  const passages = doc?.passages ?? [];
  const cur = passages[index];
  const matches = useMemo(() => (isMatch ? passages.map((p, i) => (isMatch(p.text) ? i : -1)).filter((i) => i >= 0) : []), [passages, isMatch]);
  const curPage = cur?.page ?? null;
  useEffect(() => setPageState('loading'), [fileId, curPage]);

  if (error || (doc && passages.length === 0)) {
    // Nothing more to show than the hit itself.
    return (
      <div className="preview-doc">
        <DocIcon width={32} height={32} />
        {page != null && <div className="badge">Page {page}</div>}
        {text ? (
          <blockquote>
            <Highlight text={text} query={query} />
          </blockquote>
        ) : (
          <p className="muted">No passage to show for this document.</p>
        )}
        {error && <p className="muted small">The rest of the document is unavailable: {error}</p>}
      </div>
    );
  }
  if (!doc || !cur) return <p className="muted small preview-doc">Loading the document…</p>;

  const byMatch = matches.length > 0;
  const pos = byMatch ? matches.filter((i) => i <= index).length : index + 1;
  const prevTarget = byMatch ? [...matches].reverse().find((i) => i < index) : index > 0 ? index - 1 : undefined;
  const nextTarget = byMatch ? matches.find((i) => i > index) : index < passages.length - 1 ? index + 1 : undefined;
  const unit = byMatch ? 'match' : 'passage';
  const before = passages[index - 1];
  const after = passages[index + 1];
  const onCurrentMatch = byMatch && matches.includes(index);
  const where = `${byMatch ? (onCurrentMatch ? `Match ${pos} of ${matches.length}` : `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}`) : `Passage ${pos} of ${passages.length}${doc.truncated ? '+' : ''}`}${cur.page !== null ? ` · page ${cur.page}` : ''}`;

  return (
    <section className="doc-preview" aria-label={`Passage in ${name}`}>
      <div className="doc-nav" role="group" aria-label={byMatch ? 'Matches in this document' : 'Passages in this document'}>
        <button type="button" className="btn small" disabled={prevTarget === undefined} onClick={() => prevTarget !== undefined && setIndex(prevTarget)}>
          ‹ Previous {unit}
        </button>
        <span className="small where" aria-live="polite" data-testid="doc-position">
          {where}
        </span>
        <button type="button" className="btn small" disabled={nextTarget === undefined} onClick={() => nextTarget !== undefined && setIndex(nextTarget)}>
          Next {unit} ›
        </button>
      </div>
      <div className="passage-context">
        {before && (
          <p className="context before" aria-label="Text before">
            …{before.text.slice(-CONTEXT_CHARS)}
          </p>
        )}
        <blockquote className="passage" data-passage-id={cur.id}>
          <Highlight text={cur.text} query={terms.join(' ')} />
        </blockquote>
        {after && (
          <p className="context after" aria-label="Text after">
            {after.text.slice(0, CONTEXT_CHARS)}…
          </p>
        )}
      </div>
      {doc.pageImages && cur.page !== null && (
        <figure className="page-image" data-state={pageState}>
          <img
            key={cur.id}
            src={client.mediaUrl('page', cur.id)}
            alt={`Page ${cur.page} of ${name}`}
            onLoad={() => setPageState('loaded')}
            onError={() => setPageState('failed')}
          />
          {pageState !== 'loaded' && (
            <figcaption className="muted small">{pageState === 'loading' ? `Rendering page ${cur.page}…` : `Page ${cur.page} cannot be shown.`}</figcaption>
          )}
        </figure>
      )}
    </section>
  );
}
