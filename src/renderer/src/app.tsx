// The Glimpse window: search bar, filters, results, preview, library and model sheets, drop target,
// context menu. State lives here; the components below only render and report intent.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { SearchHit } from '../../shared/contract';
import { client } from './api/client';
import { useLibrary } from './state/use-library';
import { useRecentQueries } from './state/recent-queries';
import { emptyFilters, useSearch, type SearchSource, type UiFilters } from './state/use-search';
import { useImageInput, type DroppedImage } from './state/use-image-input';
import { useToasts } from './state/toasts';
import { useGlobalKeys, SHORTCUTS } from './state/use-global-keys';
import { useFileActions } from './state/use-file-actions';
import { SearchBox } from './components/search-box';
import { FilterBar } from './components/filter-bar';
import { TopBar } from './components/top-bar';
import { ResultsView, hitToDoc, resultSummary, type Selection } from './components/results-view';
import type { DocItem } from './components/document-list';
import { PreviewPane, type ExplainContext, type PreviewTarget } from './components/preview-pane';
import { ContextMenu, type MenuEntry } from './components/context-menu';
import { LibraryPanel } from './components/library-panel';
import { ModelsPanel } from './components/models-panel';
import { ShortcutsSheet } from './components/shortcuts-sheet';
import { ImageSearchButton } from './components/image-search-button';
import { HomeView } from './components/home-view';
import { ToastStack } from './components/toast-stack';
import { ImageIcon } from './components/icons';
import { parseQuery, removeChip } from '../../shared/query-chips';
import { QueryChips, RefineField } from './components/query-row';
import { SelectionBar, downloadAll } from './components/selection-bar';
import { DuplicatesSheet } from './components/duplicates-sheet';
import { ConfirmTrash } from './components/confirm-trash';
import { keepListed, noSelection, pick, type MultiSelection, type PickMode } from './state/multi-select';

const DEBOUNCE_MS = 120;
const FIRST_RUN_KEY = 'glimpse.firstRunSeen';

type Menu = { x: number; y: number; target: PreviewTarget } | null;

export function App() {
  const toasts = useToasts();
  const library = useLibrary();
  const { recent, remember, forget } = useRecentQueries();
  const searchRef = useRef<HTMLInputElement>(null);
  const gridEl = useRef<HTMLDivElement | null>(null);

  const [input, setInput] = useState('');
  const [source, setSource] = useState<SearchSource>({ kind: 'none' });
  const [filters, setFilters] = useState<UiFilters>(emptyFilters);
  const [sort, setSort] = useState<'relevance' | 'date'>('relevance');
  const [includeBelow, setIncludeBelow] = useState(false);
  const [selection, setSelection] = useState<Selection>(null);
  const [preview, setPreview] = useState<{ target: PreviewTarget; explainNow: boolean } | null>(null);
  const [menu, setMenu] = useState<Menu>(null);
  const [panel, setPanel] = useState<'library' | 'models' | 'welcome' | 'shortcuts' | 'duplicates' | null>(null);
  // Several photos picked for a bulk action (Ctrl/Shift+click, Space, Shift+arrows, Ctrl+A), and a trash to confirm.
  const [multi, setMulti] = useState<MultiSelection>(noSelection);
  const [trashing, setTrashing] = useState<SearchHit[] | null>(null);

  const view = useSearch(source, filters, sort, includeBelow);

  // Search as you type, debounced; an emptied field goes back home at once. Anything that starts a
  // search explicitly (Enter, an image search) cancels the pending keystroke search, so a late timer
  // can never replace it.
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancelDebounce = useCallback(() => {
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = null;
  }, []);
  const onInput = (value: string) => {
    setInput(value);
    cancelDebounce();
    const q = value.trim();
    if (!q) {
      setSource((s) => (s.kind === 'text' ? { kind: 'none' } : s));
      return;
    }
    debounce.current = setTimeout(() => {
      debounce.current = null;
      setSource((s) => (s.kind === 'text' && s.query === q ? s : { kind: 'text', query: q }));
    }, DEBOUNCE_MS);
  };
  useEffect(() => cancelDebounce, [cancelDebounce]);

  // A new search starts unfolded and without a selection.
  useEffect(() => {
    setIncludeBelow(false);
    setSelection(null);
    setMulti(noSelection);
  }, [source]);

  const submit = (value: string) => {
    const q = value.trim();
    if (!q) return;
    cancelDebounce();
    remember(q);
    // Enter always searches again: the library may have changed since (indexing, a new folder).
    setSource({ kind: 'text', query: q });
  };

  const focusSearch = useCallback(() => {
    searchRef.current?.focus();
    searchRef.current?.select();
  }, []);

  const focusResults = () => {
    const el = gridEl.current ?? document.querySelector<HTMLElement>('.doc-list');
    el?.focus();
  };

  // Image searches need a model: without one, say so (and where to get one) instead of failing.
  const noModelRef = useRef(false);
  const needsModel = useCallback((): boolean => {
    if (!noModelRef.current) return false;
    toasts.error('Finding photos by image needs a model: choose one in Models (keyword search on file names and text still works).');
    return true;
  }, [toasts]);

  const imageSearch = useCallback((kind: 'similar' | 'related', t: { id: number; name: string }) => {
    if (needsModel()) return;
    cancelDebounce();
    setPreview(null);
    setSource({ kind, image: { fileId: t.id }, label: t.name, thumb: client.mediaUrl('thumbnail', t.id) });
  }, [cancelDebounce, needsModel]);

  const onDropped = useCallback(
    (img: DroppedImage) => {
      if (needsModel()) return;
      cancelDebounce();
      setPreview(null);
      setSource({ kind: 'similar', image: { bytesBase64: img.bytesBase64 }, label: img.name, thumb: img.thumbUrl });
    },
    [cancelDebounce, needsModel],
  );
  const dragging = useImageInput(onDropped, (m) => toasts.error(m));

  const explainContext: ExplainContext = source.kind === 'text' ? { query: source.query } : source.kind === 'similar' ? { queryImage: source.image } : null;

  const files = useFileActions();

  const menuEntries = (t: PreviewTarget): MenuEntry[] => {
    const entries: MenuEntry[] = [{ label: 'Preview', onSelect: () => setPreview({ target: t, explainNow: false }), shortcut: 'Enter' }];
    if (t.kind === 'image') {
      entries.push(
        { label: 'Find similar', onSelect: () => imageSearch('similar', t) },
        { label: 'Find related text', onSelect: () => imageSearch('related', t) },
        { label: 'Explain match', onSelect: () => setPreview({ target: t, explainNow: true }), disabled: !explainContext },
      );
    }
    entries.push('separator');
    entries.push({ label: 'Open', onSelect: () => files.open(t), shortcut: SHORTCUTS.open.label });
    if (files.reveal) {
      const reveal = files.reveal;
      entries.push({ label: 'Reveal in folder', onSelect: () => reveal(t), shortcut: SHORTCUTS.reveal.label });
    }
    entries.push({ label: 'Copy path', onSelect: () => files.copyPath(t) });
    return entries;
  };

  const photoTarget = (h: SearchHit): PreviewTarget => ({ id: h.id, kind: 'image', name: h.name, title: h.title ?? null, path: h.path, score: h.score, matchedBy: h.matchedBy });
  const docTarget = (d: DocItem): PreviewTarget => ({ id: d.id, kind: 'document', name: d.name, title: d.title ?? null, path: d.path, page: d.page, text: d.text, score: d.score });

  // Keep the preview on the selected result while moving through results with it open.
  useEffect(() => {
    if (!preview || !selection || selection.id === preview.target.id) return;
    const hit = view.hits.find((x) => x.id === selection.id);
    const rel = view.related.find((x) => x.id === selection.id);
    let target: PreviewTarget | null = null;
    if (hit) target = hit.kind === 'image' ? photoTarget(hit) : docTarget({ key: '', id: hit.id, name: hit.name, title: hit.title ?? null, path: hit.path, page: hit.page ?? null, text: hit.snippet ?? null, score: hit.score, weak: false });
    else if (rel) target = docTarget({ key: '', id: rel.id, name: rel.name, path: rel.path, page: rel.page, text: rel.passage, score: rel.score, weak: false });
    if (target) setPreview({ target, explainNow: false });
  }, [selection]); // only when the selection moves

  // The result the keyboard shortcuts act on: the one in the preview, else the selected one.
  const current = (): PreviewTarget | null => {
    if (preview) return preview.target;
    if (!selection) return null;
    const hit = view.hits.find((x) => x.id === selection.id);
    if (hit) return hit.kind === 'image' ? photoTarget(hit) : docTarget(hitToDoc(hit, 0));
    const rel = view.related.find((x) => x.id === selection.id);
    return rel ? { id: rel.id, kind: 'document', name: rel.name, path: rel.path } : null;
  };
  const closePreview = (): boolean => {
    if (!preview) return false;
    setPreview(null);
    // Focus was in the preview (now gone) or on the page: back to the results it came from.
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest('.preview-pane')) focusResults();
    return true;
  };
  useGlobalKeys({
    focusSearch,
    // Esc steps: a multi-selection is cleared first (wherever the focus is), then the preview closes.
    closePreview: () => (multi.ids.length > 0 ? (setMulti(noSelection), true) : closePreview()),
    addFolder: () => setPanel('library'),
    openSelected: () => {
      const t = current();
      if (t) files.open(t);
    },
    revealSelected: () => {
      const t = current();
      if (t && files.reveal) files.reveal(t);
    },
    showShortcuts: () => setPanel('shortcuts'),
    modal: Boolean(menu || panel),
  });
  // The preview on the selected result, or closed (View > Preview in the app).
  const togglePreview = () => {
    const t = current();
    if (preview) setPreview(null);
    else if (t) setPreview({ target: t, explainNow: false });
  };
  const togglePreviewRef = useRef(togglePreview);
  togglePreviewRef.current = togglePreview;

  // Menu bar and global shortcut commands from the Electron main process.
  useEffect(() => {
    return client.desktop?.onCommand((cmd) => {
      if (cmd === 'focus-search') focusSearch();
      else if (cmd === 'open-library') setPanel('library');
      else if (cmd === 'add-folder') {
        // File > Add Folder… goes straight to the picker (the Library sheet shows the result).
        setPanel('library');
        void client.desktop
          ?.pickFolder()
          .then((p) => (p ? client.call('foldersAdd', { path: p }).then((f) => toasts.info(`Watching ${f.path}`)) : undefined))
          .then(() => library.refresh())
          .catch((e: unknown) => toasts.error(e, 'Could not add the folder'));
      }
      else if (cmd === 'open-models') setPanel('models');
      else if (cmd === 'toggle-preview') togglePreviewRef.current();
      else if (cmd === 'show-shortcuts') setPanel('shortcuts');
    });
    // toasts and library change identity as they update; the subscription should not.
  }, [focusSearch]);

  // First run: nothing indexed and no model yet -> show the model chooser once.
  const status = library.status;
  // When indexing finishes, a text search on screen is run again: it may now find the new files.
  const indexingIdle = library.progress ? library.progress.queued === 0 : true;
  const wasIdle = useRef(indexingIdle);
  useEffect(() => {
    if (indexingIdle && !wasIdle.current) setSource((s) => (s.kind === 'text' ? { ...s } : s));
    wasIdle.current = indexingIdle;
  }, [indexingIdle]);
  const noModel = status !== null && status.model === null;
  noModelRef.current = noModel;
  useEffect(() => {
    if (status && status.model === null && status.folders.length === 0 && !localStorage.getItem(FIRST_RUN_KEY)) setPanel((p) => p ?? 'welcome');
  }, [status]);
  const closePanel = () => {
    if (panel === 'welcome') localStorage.setItem(FIRST_RUN_KEY, '1');
    setPanel(null);
  };
  // First run done (a model, then a folder): back to the search field, where results will appear,
  // once the sheet is gone and the window behind it is no longer inert (hence an effect).
  const searchAfterSheet = useRef(false);
  const finishWelcome = () => {
    searchAfterSheet.current = true;
    closePanel();
  };
  useEffect(() => {
    if (panel !== null || !searchAfterSheet.current) return;
    searchAfterSheet.current = false;
    focusSearch();
  }, [panel, focusSearch]);

  // The app's drag-out starts in main during dragstart, with no time to ask the engine for the path:
  // the file is looked up ahead, when a result is pressed (tiles are photo-<id>, rows doc-<id>-<n>) or selected.
  const prepareDrag = client.desktop
    ? (e: React.PointerEvent) => {
        const el = (e.target as HTMLElement).closest<HTMLElement>('[id^="photo-"], [id^="doc-"]');
        const id = el ? Number(el.id.split('-')[1]) : NaN;
        if (Number.isInteger(id) && id > 0) client.desktop?.prepareDrag(id);
      }
    : undefined;
  useEffect(() => {
    if (selection) client.desktop?.prepareDrag(selection.id);
  }, [selection]);

  const onDragOut = client.desktop
    ? (id: number, e: DragEvent) => {
        e.preventDefault();
        client.desktop?.startDrag(id);
      }
    : undefined;

  // Query chips of the text search on screen; multi-select over the photos listed.
  const chips = useMemo(() => (source.kind === 'text' ? parseQuery(source.query, new Date()).chips : []), [source]);
  const photoOrder = useMemo(() => view.hits.filter((h) => h.kind === 'image').map((h) => h.id), [view.hits]);
  useEffect(() => setMulti((m) => keepListed(m, photoOrder)), [photoOrder]);
  const checkedIds = useMemo(() => new Set(multi.ids), [multi]);
  const onPick = useCallback((hit: SearchHit | null, mode: PickMode) => setMulti((m) => pick(m, mode, photoOrder, hit?.id ?? null)), [photoOrder]);
  const picked = () => view.hits.filter((h) => checkedIds.has(h.id));
  const trashPicked = async (list: SearchHit[]) => {
    setTrashing(null);
    let moved = 0;
    for (const h of list) {
      try {
        await client.desktop?.trashFile(h.id);
        moved++;
      } catch (e) {
        toasts.error(e, `Could not move ${h.name} to the trash`);
      }
    }
    if (moved) toasts.info(`Moved ${moved} ${moved === 1 ? 'file' : 'files'} to the trash (restore from the system trash)`);
    setMulti(noSelection);
    setSource((s) => ({ ...s }));
  };

  const filtersActive = Boolean(filters.folder || filters.after || filters.before || filters.type !== 'all');
  const summary = useMemo(() => resultSummary(view, source, includeBelow), [view, source, includeBelow]);

  return (
    <div className={`app${preview ? ' with-preview' : ''}`}>
      <TopBar
        search={
          <SearchBox
            ref={searchRef}
            value={input}
            busy={view.status === 'loading'}
            recent={recent}
            placeholder={noModel ? 'Search file names and document text…' : 'Search photos and documents…'}
            onChange={onInput}
            onSubmit={submit}
            onClear={() => {
              cancelDebounce();
              setInput('');
              setSource({ kind: 'none' });
            }}
            onForgetRecent={forget}
            onEnterResults={focusResults}
          />
        }
        imageSearch={<ImageSearchButton onImage={onDropped} onError={(m) => toasts.error(m)} />}
        progress={library.progress}
        errorCount={library.errors.length}
        onLibrary={() => setPanel('library')}
        onModels={() => setPanel('models')}
        onDuplicates={() => setPanel('duplicates')}
      />
      <FilterBar
        filters={filters}
        sort={sort}
        folders={status?.folders ?? []}
        source={source}
        summary={summary}
        onFilters={setFilters}
        onSort={setSort}
        onClearSource={() => setSource(input.trim() ? { kind: 'text', query: input.trim() } : { kind: 'none' })}
      />
      <div className="query-row">
        {chips.length > 0 && source.kind === 'text' && (
          <QueryChips
            chips={chips}
            onRemove={(c) => {
              const next = removeChip(source.query, c);
              setInput(next);
              if (next) submit(next);
              else setSource({ kind: 'none' });
              focusSearch();
            }}
          />
        )}
        {source.kind === 'similar' && <RefineField value={source.text ?? ''} onSubmit={(w) => setSource({ ...source, text: w || undefined })} />}
      </div>
      {multi.ids.length > 0 && source.kind !== 'none' && (
        <SelectionBar
          count={multi.ids.length}
          desktop={Boolean(client.desktop)}
          onReveal={files.reveal ? () => picked().slice(0, 20).forEach((h) => files.reveal?.(h)) : undefined}
          onCopyPaths={() =>
            void navigator.clipboard
              .writeText(picked().map((h) => h.path).join('\n'))
              .then(() => toasts.info(`${picked().length} paths copied`))
              .catch((e: unknown) => toasts.error(e, 'Could not copy the paths'))
          }
          onTrash={client.desktop ? () => setTrashing(picked()) : undefined}
          onDownload={client.desktop ? undefined : () => downloadAll(picked().map((h) => ({ url: client.mediaUrl('original', h.id), name: h.name })))}
          onClear={() => setMulti(noSelection)}
        />
      )}
      {noModel && (
        <div className="banner" role="status">
          <span>No model installed: keyword search on file names and document text still works.</span>
          <button type="button" className="link-btn" onClick={() => setPanel('models')}>
            Set up a model
          </button>
        </div>
      )}
      <main className="content" onPointerDownCapture={prepareDrag}>
        {source.kind === 'none' ? (
          <HomeView
            status={status}
            noModel={noModel}
            onOpenModels={() => setPanel('models')}
            onExample={(q) => {
              setInput(q);
              submit(q);
            }}
            onOpenLibrary={() => setPanel('library')}
          />
        ) : (
          <ResultsView
            view={view}
            source={source}
            kind={source.kind === 'similar' ? 'image' : filters.type /* similar images are photos only */}
            selection={selection}
            includeBelow={includeBelow}
            filtersActive={filtersActive}
            thumbUrl={(id) => client.mediaUrl('thumbnail', id)}
            onSelect={setSelection}
            onOpenPhoto={(h) => setPreview({ target: photoTarget(h), explainNow: false })}
            onOpenDoc={(d) => setPreview({ target: docTarget(d), explainNow: false })}
            onPhotoMenu={(h, x, y) => setMenu({ x, y, target: photoTarget(h) })}
            onDocMenu={(d, x, y) => setMenu({ x, y, target: docTarget(d) })}
            onEscape={() => {
              // Esc steps: the first closes the preview (focus stays on the result), the next goes to the search field.
              if (preview) setPreview(null);
              else focusSearch();
            }}
            onToggleBelow={() => setIncludeBelow((v) => !v)}
            onClearFilters={() => setFilters(emptyFilters)}
            onDragOut={onDragOut}
            photoGridRef={(el) => (gridEl.current = el)}
            onOpenModels={() => setPanel('models')}
            checkedIds={checkedIds}
            onPick={onPick}
          />
        )}
        {preview && (
          <PreviewPane
            target={preview.target}
            context={explainContext}
            query={source.kind === 'text' ? source.query : null}
            explainNow={preview.explainNow}
            onClose={() => setPreview(null)}
            onFindSimilar={() => imageSearch('similar', preview.target)}
            onFindRelated={() => imageSearch('related', preview.target)}
            onCopyPath={() => files.copyPath(preview.target)}
            onReveal={files.reveal ? () => files.reveal?.(preview.target) : undefined}
            onOpenFile={() => files.open(preview.target)}
            imageActionsNeedModel={noModel}
          />
        )}
      </main>
      {menu && <ContextMenu x={menu.x} y={menu.y} label={`Actions for ${menu.target.name}`} entries={menuEntries(menu.target)} onClose={() => setMenu(null)} />}
      {panel === 'library' && <LibraryPanel library={library} onClose={closePanel} />}
      {panel === 'shortcuts' && <ShortcutsSheet onClose={closePanel} />}
      {panel === 'duplicates' && <DuplicatesSheet onClose={closePanel} />}
      {trashing && <ConfirmTrash names={trashing.map((h) => h.name)} onCancel={() => setTrashing(null)} onConfirm={() => void trashPicked(trashing)} />}
      {(panel === 'models' || panel === 'welcome') && <ModelsPanel library={library} firstRun={panel === 'welcome'} onClose={closePanel} onFolderAdded={finishWelcome} />}
      {dragging && (
        <div className="drop-overlay" aria-hidden>
          <div>
            <ImageIcon width={48} height={48} />
            <p>Drop an image to find similar photos</p>
          </div>
        </div>
      )}
      <ToastStack />
    </div>
  );
}
