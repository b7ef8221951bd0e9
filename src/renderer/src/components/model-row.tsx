// One model pack in the Models sheet: name, badges, size and languages, the download with live
// progress and Cancel (a clear message when the model server cannot be reached), use and remove.
import { useEffect, useRef } from 'react';
import type { DownloadProgress, ModelInfo } from '../../../shared/contract';
import { fmtBytes, fmtInt } from './format';

export type RowBusy = 'download' | 'use' | 'remove' | null;

interface Props {
  model: ModelInfo;
  /** What this row is doing now; `locked` disables the other rows' actions meanwhile. */
  busy: RowBusy;
  locked: boolean;
  download: DownloadProgress | undefined;
  /** A download that failed: a sentence for people, shown under the row until the next try. */
  error: string | null;
  onDownload(): void;
  onCancel(): void;
  onUse(): void;
  onRemove(): void;
}

export function ModelRow({ model: m, busy, locked, download: dl, error, onDownload, onCancel, onUse, onRemove }: Props) {
  const downloading = busy === 'download';
  // When a download ends (cancelled, failed) the Cancel button that had focus goes: focus comes
  // back to Download, so the keyboard user is where they were.
  const downloadRef = useRef<HTMLButtonElement>(null);
  const wasDownloading = useRef(false);
  useEffect(() => {
    if (wasDownloading.current && !downloading && (document.activeElement === document.body || document.activeElement === null)) downloadRef.current?.focus();
    wasDownloading.current = downloading;
  }, [downloading]);
  const pct = dl && !dl.done && dl.total ? Math.round((dl.received / dl.total) * 100) : null;
  return (
    <li className={m.inUse ? 'in-use' : undefined} data-model={m.name}>
      <div className="model-head">
        <h3 className="model-name">{m.name}</h3>
        {m.inUse && <span className="badge ok">In use</span>}
        {!m.inUse && m.installed && <span className="badge">Installed</span>}
        {(m.recommended ?? m.isDefault) && <span className="badge">Recommended</span>}
      </div>
      <p className="small">{m.description}</p>
      {m.recommended && m.recommendedReason && <p className="small recommended-reason">{m.recommendedReason}</p>}
      <p className="muted small">
        {m.family} · {fmtInt(m.sizeMB)} MB · {m.dim}-d · {m.languages.length > 3 ? `${m.languages.length} languages` : m.languages.join(', ')}
      </p>
      {downloading && (
        <div className="download" aria-live="polite">
          <div className="progress-bar" role="progressbar" aria-label={`Downloading ${m.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
            <div style={{ width: `${pct ?? 3}%` }} />
          </div>
          <span className="muted small">
            {dl && dl.received > 0 ? `${dl.file}: ${fmtBytes(dl.received)}${dl.total ? ` of ${fmtBytes(dl.total)}` : ''}` : 'Connecting to the model server…'}
          </span>
        </div>
      )}
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        {!m.installed && !downloading && (
          <button ref={downloadRef} type="button" className="btn primary" disabled={locked} onClick={onDownload} aria-label={`Download ${m.name} (${fmtInt(m.sizeMB)} MB)`}>
            Download ({fmtInt(m.sizeMB)} MB)
          </button>
        )}
        {downloading && (
          // Takes focus from the Download button it replaces, so Enter then Enter cancels.
          <button type="button" className="btn" onClick={onCancel} aria-label={`Cancel the download of ${m.name}`} autoFocus>
            Cancel
          </button>
        )}
        {m.installed && !m.inUse && (
          <button type="button" className="btn" disabled={locked} onClick={onUse} aria-label={`Use ${m.name}`}>
            {busy === 'use' ? 'Switching…' : 'Use this model'}
          </button>
        )}
        {m.installed && (
          <button type="button" className="btn ghost danger" disabled={locked} onClick={onRemove} aria-label={`Remove ${m.name}`}>
            {busy === 'remove' ? 'Removing…' : 'Remove'}
          </button>
        )}
      </div>
    </li>
  );
}

/** A failed download as a sentence: offline machines get told so, and what to do instead. */
export function downloadFailure(name: string, kind: string | undefined, message: string): string | null {
  if (kind === 'cancelled') return null;
  if (kind === 'download-failed' && /fetch failed|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|network|connect/i.test(message)) {
    return `Could not reach the model server: this computer seems to be offline. Try again when it is online, or import ${name} from a folder below.`;
  }
  return `Could not download ${name}: ${message}`;
}
