// The bar over the results while several are selected: how many, and what can be done with all of
// them: reveal, copy paths, move to trash (app, confirmed) or download (browser).
import { CloseIcon } from './icons';

interface Props {
  count: number;
  desktop: boolean;
  onReveal?(): void;
  onCopyPaths(): void;
  onTrash?(): void;
  onDownload?(): void;
  onClear(): void;
}

export function SelectionBar(p: Props) {
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected results">
      <span className="selection-count" role="status">
        {p.count} selected
      </span>
      {p.onReveal && (
        <button type="button" className="btn" onClick={p.onReveal}>
          Reveal in folder
        </button>
      )}
      <button type="button" className="btn" onClick={p.onCopyPaths}>
        Copy paths
      </button>
      {p.onDownload && (
        <button type="button" className="btn" onClick={p.onDownload}>
          Download
        </button>
      )}
      {p.onTrash ? (
        <button type="button" className="btn danger" onClick={p.onTrash}>
          Move to trash…
        </button>
      ) : (
        <span className="bar-note">Moving to the trash is in the desktop app.</span>
      )}
      <button type="button" className="icon-btn" aria-label="Clear selection (Esc)" onClick={p.onClear}>
        <CloseIcon width={14} height={14} />
      </button>
    </div>
  );
}

/** Browser mode: each file through the server's original route, as a download. */
export function downloadAll(files: readonly { url: string; name: string }[]): void {
  for (const f of files) {
    const a = document.createElement('a');
    a.href = f.url;
    a.download = f.name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
}
