// Indexing progress in words and a bar: "1,204 of 5,000 · 38 files/s · about 2 min left".
import type { Progress } from '../../../shared/contract';
import { fmtDuration, fmtInt } from './format';

/** Files handled so far (indexed or failed) and in all, for this indexing run. */
export function progressCounts(p: Progress): { handled: number; total: number } {
  const handled = p.done + p.failed;
  return { handled, total: handled + p.queued };
}

export function progressFraction(p: Progress): number {
  const { handled, total } = progressCounts(p);
  return total > 0 ? handled / total : 1;
}

export function isIndexing(p: Progress | null): boolean {
  return Boolean(p && p.queued > 0);
}

/**
 * The text-in-images pass (OCR), which goes on for minutes after indexing says "Up to date": images and
 * scanned pages still to read, or null when it is idle (or off).
 */
export function ocrLeft(p: Progress | null): number | null {
  const o = p?.ocr;
  if (!o) return null;
  const left = o.pendingImages + o.pendingPages;
  return left > 0 || o.running ? left : null;
}

export function ProgressSummary({ progress }: { progress: Progress }) {
  const { handled, total } = progressCounts(progress);
  const frac = progressFraction(progress);
  const eta = progress.etaSeconds !== null && progress.queued > 0 && !progress.paused ? `about ${fmtDuration(progress.etaSeconds)} left` : null;
  const rate = progress.ratePerSec > 0 && !progress.paused ? `${progress.ratePerSec >= 10 ? fmtInt(progress.ratePerSec) : progress.ratePerSec.toFixed(1)} files/s` : null;
  const state = progress.queued === 0 ? 'Up to date' : progress.paused ? 'Paused' : 'Indexing';
  return (
    <div className="progress-summary" data-state={state.toLowerCase().replace(/ /g, '-')}>
      <div className="progress-line">
        <strong>{state}</strong>
        <span>
          {fmtInt(handled)} of {fmtInt(total)}
          {progress.failed > 0 ? ` · ${fmtInt(progress.failed)} failed` : ''}
          {rate ? ` · ${rate}` : ''}
          {eta ? ` · ${eta}` : ''}
        </span>
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Indexing progress"
        aria-valuemin={0}
        aria-valuemax={Math.max(1, total)}
        aria-valuenow={handled}
        aria-valuetext={`${fmtInt(handled)} of ${fmtInt(total)} files`}
      >
        <div style={{ width: `${Math.round(frac * 1000) / 10}%` }} />
      </div>
      {progress.current && progress.queued > 0 && (
        <div className="muted small current" title={progress.current}>
          {progress.current}
        </div>
      )}
    </div>
  );
}
