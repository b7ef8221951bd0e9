// Virtualised list of document results (title, page, snippet with the query's words marked) or of
// passages for "Find related text". Same keyboard model as the photo grid, in one column.
import { useEffect, useRef, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { handleCommonListKey } from './list-keys';
import { DocIcon } from './icons';
import { Highlight } from './highlight';
import { dirName, extOf } from './format';

export interface DocItem {
  /** Unique per row: a document can appear once per matching passage. */
  key: string;
  id: number;
  name: string;
  /** The document's own title (front matter, PDF/Office metadata): shown instead of the file name, which becomes secondary. */
  title?: string | null;
  path: string;
  page: number | null;
  text: string | null;
  score: number;
  weak: boolean;
}

interface Props {
  items: DocItem[];
  label: string;
  query: string | null;
  selectedKey: string | null;
  generation: number;
  hasMore: boolean;
  footer?: ReactNode;
  tall?: boolean;
  onSelect(item: DocItem): void;
  onOpen(item: DocItem): void;
  onContextMenu(item: DocItem, x: number, y: number): void;
  onLoadMore(): void;
  onEscape(): void;
  /** Select the first item when focus arrives and nothing is selected (default true). */
  selectOnFocus?: boolean;
  onDragOut?(item: DocItem, e: DragEvent): void;
}

export function DocumentList(props: Props) {
  const { items, selectedKey, hasMore, onLoadMore } = props;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const rowHeight = props.tall ? 132 : 96;
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    paddingStart: 8,
    paddingEnd: 8,
  });
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.generation]);
  const virtual = virtualizer.getVirtualItems();
  const last = virtual.length ? virtual[virtual.length - 1]!.index : 0;
  useEffect(() => {
    if (hasMore && last >= items.length - 6) onLoadMore();
  }, [hasMore, last, items.length, onLoadMore]);

  const selectedIndex = selectedKey === null ? -1 : items.findIndex((d) => d.key === selectedKey);
  const move = (to: number) => {
    const i = Math.max(0, Math.min(items.length - 1, to));
    const item = items[i];
    if (!item) return;
    props.onSelect(item);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = selectedIndex;
    const item = cur >= 0 ? items[cur] : undefined;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight));
    switch (e.key) {
      case 'ArrowDown':
        move(cur + 1);
        break;
      case 'ArrowUp':
        if (cur <= 0) props.onEscape();
        else move(cur - 1);
        break;
      case 'PageDown':
        move(cur + page);
        break;
      case 'PageUp':
        move(cur - page);
        break;
      default:
        if (!handleCommonListKey(e, {
          count: items.length,
          item,
          move,
          open: props.onOpen,
          escape: props.onEscape,
          contextMenu: (it) => {
            const r = document.getElementById(`doc-${it.id}-${cur}`)?.getBoundingClientRect();
            props.onContextMenu(it, r ? r.left + 40 : 100, r ? r.top + r.height / 2 : 100);
          },
        }))
          return;
    }
    e.preventDefault();
  };

  // The footer ("Show N weaker matches") sits below the list, not in it: a listbox holds options only.
  return (
    <>
    <div
      className="doc-list scroll"
      ref={scrollRef}
      role="listbox"
      aria-label={props.label}
      aria-activedescendant={selectedIndex >= 0 ? `doc-${items[selectedIndex]!.id}-${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => {
        // Tabbing through must not move the selection (and the preview) away from the other pane's result.
        if (props.selectOnFocus !== false && selectedIndex < 0 && items[0]) props.onSelect(items[0]);
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtual.map((row) => {
          const d = items[row.index]!;
          const selected = d.key === selectedKey;
          return (
            <div
              key={d.key}
              id={`doc-${d.id}-${row.index}`}
              role="option"
              aria-selected={selected}
              className={`doc-row${selected ? ' selected' : ''}${d.weak ? ' weak' : ''}`}
              style={{ top: row.start, height: rowHeight - 8 }}
              title={d.path}
              draggable={Boolean(props.onDragOut)}
              onDragStart={props.onDragOut ? (e) => props.onDragOut!(d, e) : undefined}
              onClick={() => props.onSelect(d)}
              onDoubleClick={() => props.onOpen(d)}
              onContextMenu={(e) => {
                e.preventDefault();
                props.onSelect(d);
                props.onContextMenu(d, e.clientX, e.clientY);
              }}
            >
              <div className="doc-icon" aria-hidden>
                <DocIcon width={22} height={22} />
                <span>{extOf(d.name)}</span>
              </div>
              <div className="doc-body">
                <div className="doc-title">
                  <span className="name">{d.title || d.name}</span>
                  {d.page !== null && <span className="badge">p. {d.page}</span>}
                </div>
                {d.text && (
                  <p className={`snippet${props.tall ? ' tall' : ''}`}>
                    <Highlight text={d.text} query={props.query} />
                  </p>
                )}
                <div className="doc-path">
                  {d.title ? <span className="doc-file">{d.name} · </span> : null}
                  {dirName(d.path)}
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </div>
    {props.footer && <div className="grid-footer list-footer">{props.footer}</div>}
    </>
  );
}
