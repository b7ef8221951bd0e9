// The library: watched folders (add with the native picker in Electron, a path field in the
// browser; remove), live indexing progress with pause/resume (and the text-in-images pass after it),
// and files that could not be indexed with the reason and actions (problem-list.tsx).
import { client } from '../api/client';
import type { OcrProgress } from '../../../shared/contract';
import type { LibraryState } from '../state/use-library';
import { useToasts } from '../state/toasts';
import { Sheet } from './sheet';
import { AddFolderForm } from './add-folder-form';
import { ProgressSummary } from './progress-summary';
import { ProblemList } from './problem-list';
import { FolderIcon, PauseIcon, PlayIcon } from './icons';
import { baseName, fmtInt } from './format';

export function LibraryPanel({ library, onClose }: { library: LibraryState; onClose(): void }) {
  const toasts = useToasts();
  const folders = library.status?.folders ?? [];
  const progress = library.progress;

  const remove = async (p: string) => {
    if (!window.confirm(`Stop watching ${p}? Its files leave the index; nothing is deleted from disk.`)) return;
    try {
      await client.call('foldersRemove', { path: p });
      await library.refresh();
    } catch (e) {
      toasts.error(e, 'Could not remove the folder');
    }
  };

  const toggle = async () => {
    if (!progress) return;
    try {
      await client.call(progress.paused ? 'resume' : 'pause', {});
      await library.refresh();
    } catch (e) {
      toasts.error(e);
    }
  };

  return (
    <Sheet title="Library" onClose={onClose} initialFocus=".add-folder">
      <section aria-labelledby="lib-folders">
        <h3 id="lib-folders">Folders</h3>
        <AddFolderForm onAdded={() => library.refresh()} />
        {folders.length === 0 ? (
          <p className="muted">No folders yet. Add one and Glimpse indexes its photos and documents in the background.</p>
        ) : (
          <ul className="folder-list" aria-label="Watched folders">
            {folders.map((f) => (
              <li key={f.id}>
                <FolderIcon width={18} height={18} />
                <div className="folder-text">
                  <span className="name">{baseName(f.path) || f.path}</span>
                  <span className="muted small" title={f.path}>
                    {f.path} · {fmtInt(f.files)} files
                  </span>
                </div>
                <button type="button" className="link-btn danger" aria-label={`Remove ${f.path}`} onClick={() => void remove(f.path)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lib-progress">
        <h3 id="lib-progress">Indexing</h3>
        {progress ? (
          <>
            <ProgressSummary progress={progress} />
            {(progress.queued > 0 || progress.paused) && (
              <button type="button" className="btn" onClick={() => void toggle()}>
                {progress.paused ? <PlayIcon width={14} height={14} /> : <PauseIcon width={14} height={14} />}
                {progress.paused ? 'Resume indexing' : 'Pause indexing'}
              </button>
            )}
          </>
        ) : (
          <p className="muted">{library.statusError ?? 'Loading…'}</p>
        )}
        {progress?.ocr && <OcrLine ocr={progress.ocr} />}
        {library.status && (
          <p className="muted small">
            {fmtInt(library.status.files.indexed)} indexed · {fmtInt(library.status.files.queued)} queued · {fmtInt(library.status.files.failed)} failed ·{' '}
            {fmtInt(library.status.files.skipped)} skipped
            {library.status.provider ? ` · runs on ${library.status.provider}` : ''}
          </p>
        )}
      </section>

      <section aria-labelledby="lib-errors">
        <h3 id="lib-errors">
          Problems {library.errors.length > 0 && <span className="badge warn">{fmtInt(library.errors.length)}</span>}
        </h3>
        <ProblemList library={library} />
      </section>
    </Sheet>
  );
}

/** The text-in-images pass, which goes on for minutes after "Up to date": what is left, what it reads now. */
function OcrLine({ ocr }: { ocr: OcrProgress }) {
  const left = ocr.pendingImages + ocr.pendingPages;
  if (left === 0 && !ocr.running) return null;
  const parts = [ocr.pendingImages > 0 ? `${fmtInt(ocr.pendingImages)} ${ocr.pendingImages === 1 ? 'image' : 'images'}` : '', ocr.pendingPages > 0 ? `${fmtInt(ocr.pendingPages)} scanned ${ocr.pendingPages === 1 ? 'page' : 'pages'}` : ''].filter(Boolean);
  return (
    <p className="small ocr-line" data-testid="ocr-progress">
      Reading text in {parts.length ? parts.join(' and ') : 'images'}
      {left > 0 ? ' to go' : ''}
      {ocr.current ? ` · now ${ocr.current}` : ''}
    </p>
  );
}
