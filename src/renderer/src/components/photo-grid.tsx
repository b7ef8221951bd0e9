// Virtualised photo grid: only the rows near the viewport exist in the DOM, so 100k results scroll
// like 100. Thumbnails load lazily from the client's media URLs. Keyboard: arrows move the
// selection, Enter/Space open the preview, Shift+F10 or the Menu key open the context menu, Esc goes
// back to the search field.
import { useEffect, useRef, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { handleCommonListKey } from './list-keys';
import type { SearchHit } from '../../../shared/contract';
import { useElementWidth } from './use-element-width';
import { ImageIcon } from './icons';
import { fmtShortDate } from './format';
import type { PickMode } from '../state/multi-select';

const MIN_TILE = 168;
const GAP = 10;
const PAD = 16;
const CAPTION = 26;

interface Props {
  hits: SearchHit[];
  label: string;
  selectedId: number | null;
  generation: number;
  hasMore: boolean;
  footer?: ReactNode;
  thumbUrl(id: number): string;
  onSelect(hit: SearchHit): void;
  onOpen(hit: SearchHit): void;
  onContextMenu(hit: SearchHit, x: number, y: number): void;
  onLoadMore(): void;
  onEscape(): void;
  /** Select the first item when focus arrives and nothing is selected (default true). */
  selectOnFocus?: boolean;
  onDragOut?(hit: SearchHit, e: DragEvent): void;
  gridRef?: (el: HTMLDivElement | null) => void;
  /** Multi-select (state/multi-select.ts): Ctrl/Cmd+click and Space toggle, Shift+click and Shift+arrows extend, Ctrl/Cmd+A all, Esc none. */
  checkedIds?: ReadonlySet<number>;
  onPick?(hit: SearchHit | null, mode: PickMode): void;
}

export function PhotoGrid(props: Props) {
  const { hits, selectedId, hasMore, onLoadMore } = props;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const width = useElementWidth(scrollRef);
  const inner = Math.max(0, width - PAD * 2);
  const cols = Math.max(1, Math.floor((inner + GAP) / (MIN_TILE + GAP)));
  const tile = cols > 0 ? Math.floor((inner - GAP * (cols - 1)) / cols) : MIN_TILE;
  const rowCount = Math.ceil(hits.length / cols);
  const rowHeight = tile + CAPTION + GAP;

  const virtualizer = useVirtualizer({
    count: rowCount + (props.footer ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (i < rowCount ? rowHeight : 64),
    overscan: 3,
    paddingStart: PAD,
    paddingEnd: PAD,
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  // A new search starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.generation]);

  const items = virtualizer.getVirtualItems();
  const lastRow = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (hasMore && lastRow >= rowCount - 4) onLoadMore();
  }, [hasMore, lastRow, rowCount, onLoadMore]);

  const selectedIndex = selectedId === null ? -1 : hits.findIndex((h) => h.id === selectedId);

  const move = (to: number, extend = false) => {
    if (hits.length === 0) return;
    const i = Math.max(0, Math.min(hits.length - 1, to));
    const hit = hits[i];
    if (!hit) return;
    props.onSelect(hit);
    if (props.onPick) {
      // Shift+arrows grow the selection from where it started (the current result when none was picked).
      if (extend && !props.checkedIds?.size && selectedIndex >= 0) props.onPick(hits[selectedIndex]!, 'toggle');
      if (extend) props.onPick(hit, 'range');
      else if (!props.checkedIds?.size) props.onPick(hit, 'anchor');
    }
    virtualizer.scrollToIndex(Math.floor(i / cols), { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = selectedIndex < 0 ? -1 : selectedIndex;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight));
    const hit = cur >= 0 ? hits[cur] : undefined;
    const extend = e.shiftKey;
    if (props.onPick) {
      if (e.key === ' ' && !e.ctrlKey && !e.metaKey) {
        if (hit) props.onPick(hit, 'toggle');
        e.preventDefault();
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
        props.onPick(null, 'all');
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape' && props.checkedIds?.size) {
        props.onPick(null, 'clear');
        e.preventDefault();
        return;
      }
    }
    switch (e.key) {
      case 'ArrowRight':
        move(cur + 1, extend);
        break;
      case 'ArrowLeft':
        move(cur - 1, extend);
        break;
      case 'ArrowDown':
        move(cur < 0 ? 0 : cur + cols, extend);
        break;
      case 'ArrowUp':
        if (cur < cols) {
          props.onEscape();
          break;
        }
        move(cur - cols, extend);
        break;
      case 'PageDown':
        move(cur + cols * pageRows);
        break;
      case 'PageUp':
        move(cur - cols * pageRows);
        break;
      default:
        if (!handleCommonListKey(e, {
          count: hits.length,
          item: hit,
          move,
          open: props.onOpen,
          escape: props.onEscape,
          contextMenu: (it) => {
            const el = document.getElementById(`photo-${it.id}`);
            const r = el?.getBoundingClientRect();
            props.onContextMenu(it, r ? r.left + r.width / 2 : 100, r ? r.top + r.height / 2 : 100);
          },
        }))
          return;
    }
    e.preventDefault();
  };

  return (
    <div
      className="photo-grid scroll"
      ref={(el) => {
        scrollRef.current = el;
        props.gridRef?.(el);
      }}
      role="grid"
      aria-label={props.label}
      aria-multiselectable={props.onPick ? true : undefined}
      aria-rowcount={rowCount + (props.footer ? 1 : 0)}
      aria-colcount={cols}
      aria-activedescendant={selectedIndex >= 0 ? `photo-${hits[selectedIndex]!.id}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => {
        // Tabbing through must not move the selection (and the preview) away from the other pane's result.
        if (props.selectOnFocus !== false && selectedIndex < 0 && hits[0]) props.onSelect(hits[0]);
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((row) => {
          if (row.index >= rowCount) {
            return (
              // A row of its own: a grid may only hold rows (axe aria-required-children), not a bare button.
              <div key="footer" role="row" aria-rowindex={rowCount + 1} className="grid-footer" style={{ position: 'absolute', top: row.start, left: PAD, right: PAD }}>
                <div role="gridcell">{props.footer}</div>
              </div>
            );
          }
          const start = row.index * cols;
          return (
            <div key={row.key} role="row" aria-rowindex={row.index + 1} className="grid-row" style={{ top: row.start, left: PAD, gap: GAP, height: tile + CAPTION }}>
              {hits.slice(start, start + cols).map((hit) => (
                <PhotoTile key={hit.id} hit={hit} size={tile} selected={hit.id === selectedId} checked={props.checkedIds?.has(hit.id) ?? false} url={props.thumbUrl(hit.id)} {...props} />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function PhotoTile({ hit, size, selected, checked, url, ...p }: Props & { hit: SearchHit; size: number; selected: boolean; checked: boolean; url: string }) {
  return (
    <div
      id={`photo-${hit.id}`}
      role="gridcell"
      aria-selected={selected || checked}
      aria-label={hit.name}
      aria-description={hit.takenAt ? `Taken ${fmtShortDate(hit.takenAt)}` : undefined}
      className={`tile${selected ? ' selected' : ''}${checked ? ' checked' : ''}${hit.belowCutoff ? ' weak' : ''}`}
      style={{ width: size }}
      title={hit.path}
      draggable={Boolean(p.onDragOut)}
      onDragStart={p.onDragOut ? (e) => p.onDragOut!(hit, e) : undefined}
      onClick={(e) => {
        p.onSelect(hit);
        if (!p.onPick) return;
        if (e.ctrlKey || e.metaKey) p.onPick(hit, 'toggle');
        else if (e.shiftKey) p.onPick(hit, 'range');
        else p.onPick(hit, 'anchor');
      }}
      onDoubleClick={() => p.onOpen(hit)}
      onContextMenu={(e) => {
        e.preventDefault();
        p.onSelect(hit);
        p.onContextMenu(hit, e.clientX, e.clientY);
      }}
    >
      <div className="thumb" style={{ height: size }}>
        <ImageIcon className="thumb-placeholder" width={28} height={28} />
        <img
          src={url}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={(e) => e.currentTarget.classList.add('loaded')}
          onError={(e) => e.currentTarget.classList.add('failed')}
        />
      </div>
      {/* The date is drawn by CSS from data-taken (the cell's name stays the file name, which the
          caption shows; screen readers get the date as the cell's description). */}
      <div className="caption" data-taken={fmtShortDate(hit.takenAt) || undefined}>
        <span className="caption-name">{hit.name}</span>
      </div>
    </div>
  );
}
