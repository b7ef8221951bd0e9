// The results area: photos in a virtualised grid and documents in a virtualised list, side by side
// when both kinds match (or one of them when filtered), the passages of "Find related text", the
// "weaker matches" fold below the relevance cut-off, and the empty/error states.
import type { DragEvent } from 'react';
import type { SearchHit } from '../../../shared/contract';
import type { SearchSource, SearchView, KindFilter } from '../state/use-search';
import { PhotoGrid } from './photo-grid';
import { DocumentList, type DocItem } from './document-list';
import { fmtInt } from './format';
import { AlertIcon, SearchIcon } from './icons';
import type { PickMode } from '../state/multi-select';

export type Selection = { pane: 'photo'; id: number } | { pane: 'doc'; id: number; key: string } | null;

interface Props {
  view: SearchView & { loadMore(): void };
  source: SearchSource;
  kind: KindFilter;
  selection: Selection;
  includeBelow: boolean;
  filtersActive: boolean;
  thumbUrl(id: number): string;
  onSelect(sel: Selection): void;
  onOpenPhoto(hit: SearchHit): void;
  onOpenDoc(item: DocItem): void;
  onPhotoMenu(hit: SearchHit, x: number, y: number): void;
  onDocMenu(item: DocItem, x: number, y: number): void;
  onEscape(): void;
  onToggleBelow(): void;
  onClearFilters(): void;
  onDragOut?(id: number, e: DragEvent): void;
  photoGridRef(el: HTMLDivElement | null): void;
  /** Shown when an image search needs a model and there is none. */
  onOpenModels(): void;
  /** Multi-select of photos (see PhotoGrid). */
  checkedIds?: ReadonlySet<number>;
  onPick?(hit: SearchHit | null, mode: PickMode): void;
}

export function hitToDoc(h: SearchHit, i: number): DocItem {
  return { key: `h${h.id}-${i}`, id: h.id, name: h.name, title: h.title ?? null, path: h.path, page: h.page ?? null, text: h.snippet ?? null, score: h.score, weak: Boolean(h.belowCutoff) };
}

/**
 * A column's count: every match of that kind (all pages), from the engine's per-kind counts, with
 * the weaker ones when they are shown, so the columns add up to the summary's total. Without
 * counts (similar images: one page, no more), the results loaded.
 */
export function columnCount(view: SearchView, kind: 'image' | 'document', includeBelow: boolean): { count: number; more: boolean } {
  const loaded = view.hits.filter((h) => h.kind === kind).length;
  if (!view.counts) return { count: loaded, more: view.hasMore };
  return { count: view.counts[kind] + (includeBelow ? (view.belowCounts?.[kind] ?? 0) : 0), more: false };
}

/** The summary's number: every result of every page (plus the weaker ones when shown), or for a one-page search what it shows of its total. */
export function resultSummary(view: SearchView, source: SearchSource, includeBelow: boolean): string | null {
  if (view.status !== 'done' || source.kind === 'none') return null;
  const took = view.tookMs !== null ? ` · ${Math.round(view.tookMs)} ms` : '';
  if (source.kind === 'related') return `${fmtInt(view.related.length)} ${view.related.length === 1 ? 'result' : 'results'}${took}`;
  if (!view.counts && view.hits.length < view.total) return `${fmtInt(view.hits.length)} of ${fmtInt(view.total)} results${took}`;
  const n = view.counts ? view.total + (includeBelow ? view.belowCutoff : 0) : view.hits.length;
  return `${fmtInt(n)} ${n === 1 ? 'result' : 'results'}${took}`;
}

export function ResultsView(p: Props) {
  const { view, source } = p;
  const query = source.kind === 'text' ? source.query : null;

  if (view.status === 'error' && view.errorKind === 'model-missing') {
    // Not a failure of the search: a step the user has not taken yet.
    return (
      <div className="empty-state" role="status" data-results-for={source.kind}>
        <SearchIcon width={36} height={36} />
        <h2>This search needs a model</h2>
        <p>Finding photos by image, and text related to a photo, needs a model. Keyword search on file names and document text works without one.</p>
        <button type="button" className="btn primary" onClick={p.onOpenModels}>
          Set up a model
        </button>
      </div>
    );
  }

  if (view.status === 'error') {
    return (
      <div className="empty-state" role="alert">
        <AlertIcon width={36} height={36} />
        <h2>The search failed</h2>
        <p>{view.error}</p>
      </div>
    );
  }

  const fold =
    view.belowCutoff > 0 && !view.hasMore ? (
      <button type="button" className="fold-btn" onClick={p.onToggleBelow} aria-expanded={p.includeBelow}>
        {p.includeBelow ? 'Hide weaker matches' : `Show ${fmtInt(view.belowCutoff)} weaker ${view.belowCutoff === 1 ? 'match' : 'matches'}`}
      </button>
    ) : undefined;

  if (source.kind === 'related') {
    const items: DocItem[] = view.related.map((r, i) => ({ key: `r${r.id}-${i}`, id: r.id, name: r.name, path: r.path, page: r.page, text: r.passage, score: r.score, weak: false }));
    if (view.status === 'done' && items.length === 0) {
      return <NoResults forKey="related" text="No related text found. Index some documents (PDF, Word, Markdown…) to connect photos with text." />;
    }
    return (
      <section className="results single related" aria-label="Related text" data-results-for={resultsKey(p.source, view)}>
        <ColumnHeader title="Related passages" count={items.length} />
        <DocumentList
          items={items}
          label="Related passages"
          query={null}
          tall
          selectedKey={p.selection?.pane === 'doc' ? p.selection.key : null}
          generation={view.generation}
          hasMore={false}
          onSelect={(d) => p.onSelect({ pane: 'doc', id: d.id, key: d.key })}
          onOpen={p.onOpenDoc}
          onContextMenu={p.onDocMenu}
          onLoadMore={view.loadMore}
          onEscape={p.onEscape}
          selectOnFocus={p.selection === null}
          onDragOut={p.onDragOut ? (d, e) => p.onDragOut!(d.id, e) : undefined}
        />
      </section>
    );
  }

  const photos = view.hits.filter((h) => h.kind === 'image');
  const docs = view.hits.filter((h) => h.kind === 'document').map(hitToDoc);
  if (view.status === 'done' && photos.length === 0 && docs.length === 0) {
    return (
      <NoResults forKey={resultsKey(source, view)} text={query ? `Nothing matches “${query}”.` : 'Nothing similar found.'}>
        {view.belowCutoff > 0 && !p.includeBelow && (
          <button type="button" className="btn" onClick={p.onToggleBelow}>
            Show {fmtInt(view.belowCutoff)} weak {view.belowCutoff === 1 ? 'match' : 'matches'}
          </button>
        )}
        {p.filtersActive && (
          <button type="button" className="btn" onClick={p.onClearFilters}>
            Clear filters
          </button>
        )}
      </NoResults>
    );
  }

  // A column shows when its kind has matches on any page (the counts), not only on those loaded.
  const showPhotos = p.kind !== 'document' && (photos.length > 0 || p.kind === 'image' || (view.counts?.image ?? 0) > 0);
  const showDocs = p.kind !== 'image' && (docs.length > 0 || p.kind === 'document' || (view.counts?.document ?? 0) > 0);
  const both = showPhotos && showDocs;
  return (
    <div className={`results${both ? ' split' : ' single'}`} aria-busy={view.status === 'loading'} data-results-for={resultsKey(p.source, view)}>
      {showPhotos && (
        <section className="results-col photos" aria-label="Photo results">
          <ColumnHeader title="Photos" {...columnCount(view, 'image', p.includeBelow)} />
          <PhotoGrid
            hits={photos}
            label="Photos"
            selectedId={p.selection?.pane === 'photo' ? p.selection.id : null}
            generation={view.generation}
            hasMore={view.hasMore}
            footer={fold}
            thumbUrl={p.thumbUrl}
            onSelect={(h) => p.onSelect({ pane: 'photo', id: h.id })}
            onOpen={p.onOpenPhoto}
            onContextMenu={p.onPhotoMenu}
            onLoadMore={view.loadMore}
            onEscape={p.onEscape}
            selectOnFocus={p.selection === null}
            onDragOut={p.onDragOut ? (h, e) => p.onDragOut!(h.id, e) : undefined}
            gridRef={p.photoGridRef}
            checkedIds={p.checkedIds}
            onPick={p.onPick}
          />
        </section>
      )}
      {showDocs && (
        <section className="results-col docs" aria-label="Document results">
          <ColumnHeader title="Documents" {...columnCount(view, 'document', p.includeBelow)} />
          <DocumentList
            items={docs}
            label="Documents"
            query={query}
            selectedKey={p.selection?.pane === 'doc' ? p.selection.key : null}
            generation={view.generation}
            hasMore={view.hasMore && (!showPhotos || docs.length < 6)}
            footer={showPhotos ? undefined : fold}
            onSelect={(d) => p.onSelect({ pane: 'doc', id: d.id, key: d.key })}
            onOpen={p.onOpenDoc}
            onContextMenu={p.onDocMenu}
            onLoadMore={view.loadMore}
            onEscape={p.onEscape}
            selectOnFocus={p.selection === null}
            onDragOut={p.onDragOut ? (d, e) => p.onDragOut!(d.id, e) : undefined}
          />
        </section>
      )}
    </div>
  );
}

/** Which search the painted results belong to (tests and latency probes wait on it). */
function resultsKey(source: SearchSource, view: SearchView): string | undefined {
  if (view.status !== 'done') return undefined;
  return source.kind === 'text' ? `text:${source.query}` : source.kind;
}

function ColumnHeader({ title, count, more }: { title: string; count: number; more?: boolean }) {
  return (
    <h2 className="col-header">
      {title} <span className="count" data-count={count}>{fmtInt(count)}{more ? '+' : ''}</span>
    </h2>
  );
}

function NoResults({ text, children, forKey }: { text: string; children?: React.ReactNode; forKey?: string }) {
  return (
    <div className="empty-state" role="status" data-results-for={forKey}>
      <SearchIcon width={36} height={36} />
      <h2>No results</h2>
      <p>{text}</p>
      <div className="row-actions">{children}</div>
    </div>
  );
}
