// Kind, folder, date range and sort controls, plus the chip that says what an image search is
// relative to ("Similar to beach.jpg").
import type { Folder } from '../../../shared/contract';
import type { KindFilter, SearchSource, UiFilters } from '../state/use-search';
import { CloseIcon } from './icons';
import { baseName } from './format';

interface Props {
  filters: UiFilters;
  sort: 'relevance' | 'date';
  folders: Folder[];
  source: SearchSource;
  summary: string | null;
  onFilters(f: UiFilters): void;
  onSort(s: 'relevance' | 'date'): void;
  onClearSource(): void;
}

const kinds: { value: KindFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'image', label: 'Photos' },
  { value: 'document', label: 'Documents' },
];

export function FilterBar({ filters, sort, folders, source, summary, onFilters, onSort, onClearSource }: Props) {
  const set = (patch: Partial<UiFilters>) => onFilters({ ...filters, ...patch });
  const active = filters.folder || filters.after || filters.before;
  const isImageSearch = source.kind === 'similar' || source.kind === 'related';
  return (
    <div className="filter-bar" role="toolbar" aria-label="Filters">
      {isImageSearch && (
        <div className="source-chip">
          {source.thumb && <img src={source.thumb} alt="" />}
          <span>
            {source.kind === 'similar' ? 'Similar to ' : 'Text related to '}
            <strong>{source.label}</strong>
          </span>
          <button type="button" className="icon-btn" aria-label="Back to text search" onClick={onClearSource}>
            <CloseIcon width={14} height={14} />
          </button>
        </div>
      )}
      {source.kind !== 'related' && source.kind !== 'similar' && (
        <div className="segmented" role="radiogroup" aria-label="Kind">
          {kinds.map((k) => (
            <button
              key={k.value}
              type="button"
              role="radio"
              aria-checked={filters.type === k.value}
              className={filters.type === k.value ? 'on' : undefined}
              onClick={() => set({ type: k.value })}
            >
              {k.label}
            </button>
          ))}
        </div>
      )}
      {source.kind !== 'related' && (
        <>
          <label className="field">
            <span>Folder</span>
            <select value={filters.folder} onChange={(e) => set({ folder: e.target.value })} aria-label="Folder">
              <option value="">All folders</option>
              {folders.map((f) => (
                <option key={f.id} value={f.path} title={f.path}>
                  {baseName(f.path) || f.path}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>From</span>
            <input type="date" aria-label="Taken on or after" value={filters.after} max={filters.before || undefined} onChange={(e) => set({ after: e.target.value })} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" aria-label="Taken on or before" value={filters.before} min={filters.after || undefined} onChange={(e) => set({ before: e.target.value })} />
          </label>
          {active && (
            <button type="button" className="link-btn" onClick={() => set({ folder: '', after: '', before: '' })}>
              Clear filters
            </button>
          )}
        </>
      )}
      <div className="spacer" />
      {summary && (
        <span className="result-summary" role="status">
          {summary}
        </span>
      )}
      {source.kind === 'text' && (
        <label className="field">
          <span>Sort</span>
          <select aria-label="Sort" value={sort} onChange={(e) => onSort(e.target.value as 'relevance' | 'date')}>
            <option value="relevance">Best match</option>
            <option value="date">Newest first</option>
          </select>
        </label>
      )}
    </div>
  );
}
