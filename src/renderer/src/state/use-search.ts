// The search the results view shows: what is being searched (text, similar-to-image, related text),
// with which filters and order, and the pages fetched so far. Responses that arrive after the user
// moved on are dropped, so a slow answer never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageRef, RelatedHit, SearchFilters, SearchHit } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import { client } from '../api/client';
import { messageOf } from './toasts';
import { applyChips } from './chip-filters';

export type KindFilter = 'all' | 'image' | 'document';

export interface KindCounts {
  image: number;
  document: number;
}

export interface UiFilters {
  type: KindFilter;
  folder: string;
  after: string;
  before: string;
}

export const emptyFilters: UiFilters = { type: 'all', folder: '', after: '', before: '' };

export type SearchSource =
  | { kind: 'none' }
  | { kind: 'text'; query: string }
  | { kind: 'similar'; image: ImageRef; label: string; thumb: string | null; /** Words that refine the image ("+ at night"). */ text?: string }
  | { kind: 'related'; image: ImageRef; label: string; thumb: string | null };

export interface SearchView {
  status: 'idle' | 'loading' | 'done' | 'error';
  hits: SearchHit[];
  related: RelatedHit[];
  total: number;
  belowCutoff: number;
  /** Of total / belowCutoff, how many photos and documents (every page, not just those loaded). */
  counts: KindCounts | null;
  belowCounts: KindCounts | null;
  tookMs: number | null;
  error: string | null;
  /** The error's kind (GlimpseError), e.g. 'model-missing' for an image search without a model. */
  errorKind?: string;
  hasMore: boolean;
  loadingMore: boolean;
  /** Bumps for every new search (not for extra pages): views reset scroll and selection on it. */
  generation: number;
}

const PAGE_SIZE = 100;
const SIMILAR_K = 200;
const RELATED_K = 50;

const idle: SearchView = { status: 'idle', hits: [], related: [], total: 0, belowCutoff: 0, counts: null, belowCounts: null, tookMs: null, error: null, hasMore: false, loadingMore: false, generation: 0 };

export function toContractFilters(f: UiFilters, fallbackType: KindFilter = 'all'): SearchFilters {
  const out: SearchFilters = { type: f.type === 'all' ? fallbackType : f.type };
  if (f.folder) out.folder = f.folder;
  if (f.after) out.after = f.after;
  if (f.before) out.before = f.before;
  return out;
}

export function useSearch(source: SearchSource, filters: UiFilters, sort: 'relevance' | 'date', includeBelowCutoff: boolean): SearchView & { loadMore(): void } {
  const [view, setView] = useState<SearchView>(idle);
  const seq = useRef(0);
  const page = useRef(0);

  const run = useCallback(async () => {
    const mine = ++seq.current;
    page.current = 0;
    if (source.kind === 'none') {
      setView((v) => ({ ...idle, generation: v.generation + 1 }));
      return;
    }
    setView((v) => ({ ...v, status: 'loading', error: null }));
    try {
      if (source.kind === 'text') {
        const r = await client.call('search', { ...applyChips(source.query, toContractFilters(filters)), sort, page: 0, pageSize: PAGE_SIZE, includeBelowCutoff });
        if (mine !== seq.current) return;
        setView((v) => ({
          ...idle,
          status: 'done',
          hits: r.results,
          total: r.total,
          belowCutoff: r.belowCutoff,
          counts: r.counts ?? null,
          belowCounts: r.belowCounts ?? null,
          tookMs: r.tookMs,
          hasMore: r.results.length === PAGE_SIZE,
          generation: v.generation + 1,
        }));
      } else if (source.kind === 'similar') {
        const r = await client.call('similar', { image: source.image, text: source.text, k: SIMILAR_K, filters: toContractFilters(filters, 'image'), includeBelowCutoff });
        if (mine !== seq.current) return;
        setView((v) => ({ ...idle, status: 'done', hits: r.results, total: r.total, belowCutoff: r.belowCutoff, counts: r.counts ?? null, belowCounts: r.belowCounts ?? null, tookMs: r.tookMs, generation: v.generation + 1 }));
      } else {
        const r = await client.call('related', { image: source.image, k: RELATED_K });
        if (mine !== seq.current) return;
        setView((v) => ({ ...idle, status: 'done', related: r.results, total: r.results.length, tookMs: r.tookMs, generation: v.generation + 1 }));
      }
    } catch (err) {
      if (mine !== seq.current) return;
      setView((v) => ({ ...idle, status: 'error', error: messageOf(err), errorKind: err instanceof GlimpseError ? err.kind : undefined, generation: v.generation + 1 }));
    }
  }, [source, filters, sort, includeBelowCutoff]);

  useEffect(() => {
    void run();
  }, [run]);

  const viewRef = useRef(view);
  viewRef.current = view;
  const loadMore = useCallback(() => {
    const v = viewRef.current;
    if (source.kind !== 'text' || !v.hasMore || v.loadingMore || v.status !== 'done') return;
    const mine = seq.current;
    const nextPage = page.current + 1;
    viewRef.current = { ...v, loadingMore: true };
    setView((cur) => ({ ...cur, loadingMore: true }));
    client
      .call('search', { ...applyChips(source.query, toContractFilters(filters)), sort, page: nextPage, pageSize: PAGE_SIZE, includeBelowCutoff })
      .then((r) => {
        if (mine !== seq.current) return;
        page.current = nextPage;
        setView((cur) => {
          const seen = new Set(cur.hits.map((h) => h.id));
          const fresh = r.results.filter((h) => !seen.has(h.id));
          return { ...cur, hits: [...cur.hits, ...fresh], hasMore: r.results.length === PAGE_SIZE && fresh.length > 0, loadingMore: false };
        });
      })
      .catch((err: unknown) => {
        if (mine !== seq.current) return;
        setView((cur) => ({ ...cur, loadingMore: false, hasMore: false, error: messageOf(err) }));
      });
  }, [source, filters, sort, includeBelowCutoff]);

  return { ...view, loadMore };
}
