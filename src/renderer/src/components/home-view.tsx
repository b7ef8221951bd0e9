// What the results area shows before a search: a first-run call to action when the library is
// empty, else what is indexed and how to search (examples, drop an image, keyboard).
import type { StatusResponse } from '../../../shared/contract';
import { fmtInt } from './format';
import { FolderIcon, ImageIcon, SearchIcon } from './icons';
import { WatchLimitNotice } from './watch-limit-notice';

const EXAMPLES = ['a dog running on the beach', 'sunset over mountains', 'people at a dinner table', 'recipe with tomatoes'];

interface Props {
  status: StatusResponse | null;
  /** No model: examples would only match words, so say what works instead. */
  noModel: boolean;
  onExample(q: string): void;
  onOpenLibrary(): void;
  onOpenModels(): void;
}

export function HomeView({ status, noModel, onExample, onOpenLibrary, onOpenModels }: Props) {
  const noFolders = status !== null && status.folders.length === 0;
  if (noFolders) {
    return (
      <div className="empty-state">
        <FolderIcon width={40} height={40} />
        <h2>Add a folder to get started</h2>
        <p>Glimpse indexes the photos and documents in the folders you choose, on this computer only.</p>
        {/* Nothing can be searched yet: the one useful action takes focus. */}
        <button type="button" className="btn primary" onClick={onOpenLibrary} aria-keyshortcuts="Control+O" autoFocus>
          Add a folder
        </button>
        <p className="muted small">
          <kbd>Ctrl</kbd> <kbd>O</kbd> adds a folder from anywhere
        </p>
      </div>
    );
  }
  const images = status?.byKind?.image;
  const docs = status?.byKind?.document;
  return (
    <div className="empty-state home">
      <SearchIcon width={40} height={40} />
      <h2>Describe what you are looking for</h2>
      {status && (
        <p className="muted">
          {images !== undefined && docs !== undefined
            ? `${fmtInt(images)} photos and ${fmtInt(docs)} documents indexed`
            : `${fmtInt(status.files.indexed)} files indexed`}
          {status.files.queued > 0 ? ` · ${fmtInt(status.files.queued)} still to go` : ''}
        </p>
      )}
      <WatchLimitNotice watch={status?.watch} />
      {noModel ? (
        <div className="no-model-note" role="note">
          {status?.modelProblem && <p className="model-problem">The model chosen for this library cannot be used: {status.modelProblem}.</p>}
          <p>
            Searching by meaning (“a dog on the beach”) and by image needs a model. Without one, Glimpse finds the words you type in file names and document
            text.
          </p>
          <button type="button" className="btn" onClick={onOpenModels}>
            Set up a model
          </button>
        </div>
      ) : (
        <div className="examples" role="group" aria-label="Example searches">
          {EXAMPLES.map((q) => (
            <button key={q} type="button" className="chip" onClick={() => onExample(q)}>
              {q}
            </button>
          ))}
        </div>
      )}
      <ul className="hints">
        <li>
          <ImageIcon width={16} height={16} /> {noModel ? 'With a model, drop or paste an image to find similar photos' : 'Drop or paste an image anywhere to find similar photos'}
        </li>
        <li className="keys">
          <span>
            <kbd>/</kbd> search
          </span>
          <span>
            <kbd>↓</kbd> results
          </span>
          <span>
            <kbd>Enter</kbd> preview
          </span>
          <span>
            <kbd>Shift</kbd> <kbd>F10</kbd> actions
          </span>
          <span>
            <kbd>Ctrl</kbd> <kbd>Enter</kbd> open
          </span>
          <span>
            <kbd>Esc</kbd> back
          </span>
        </li>
      </ul>
    </div>
  );
}
