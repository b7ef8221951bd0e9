// The window's top bar: brand, the search field, and the buttons for the library (with live indexing
// state) and the models.
import type { ReactNode } from 'react';
import type { Progress } from '../../../shared/contract';
import { progressFraction, isIndexing, ocrLeft } from './progress-summary';
import { CubeIcon, FolderIcon, ImageIcon } from './icons';

interface Props {
  search: ReactNode;
  /** The "Search by image…" button beside the field. */
  imageSearch?: ReactNode;
  progress: Progress | null;
  errorCount: number;
  onLibrary(): void;
  onModels(): void;
  /** Opens the duplicates clean-up sheet. */
  onDuplicates?(): void;
}

export function TopBar({ search, imageSearch, progress, errorCount, onLibrary, onModels, onDuplicates }: Props) {
  const indexing = isIndexing(progress);
  const pct = progress ? Math.floor(progressFraction(progress) * 100) : 0;
  // The accessible name carries what the button shows: indexing state and the problem count.
  const problems = errorCount > 0 ? `, ${errorCount} ${errorCount === 1 ? 'problem' : 'problems'}` : '';
  // After indexing, the text-in-images pass: shown (and announced) until it has read everything.
  const reading = indexing ? null : ocrLeft(progress);
  // The visible words ("Reading text", then the problem badge) come first and in order (WCAG 2.5.3).
  const readingLeft = reading ? `, ${reading.toLocaleString()} images and pages to go` : '';
  const libraryLabel = `Library${indexing ? `, ${progress?.paused ? 'paused' : 'indexing'} ${pct}%` : ''}${reading !== null ? ', reading text' : ''}${problems}${readingLeft}`;
  return (
    <header className="top-bar">
      <h1 className="brand">
        <span className="logo" aria-hidden />
        Glimpse
      </h1>
      {search}
      {imageSearch}
      <nav className="top-actions" aria-label="Panels">
        <button type="button" className="btn ghost status-btn" onClick={onLibrary} aria-label={libraryLabel}>
          <FolderIcon width={16} height={16} />
          {indexing && progress ? (
            <span className="mini-progress" data-paused={progress.paused || undefined}>
              <span className="label">
                {progress.paused ? 'Paused' : 'Indexing'} {pct}%
              </span>
              <span className="track">
                <span style={{ width: `${pct}%` }} />
              </span>
            </span>
          ) : reading !== null ? (
            <span className="mini-progress reading" data-testid="top-ocr" title={`Reading text in images${reading > 0 ? `: ${reading.toLocaleString()} to go` : ''}`}>
              <span className="label">Reading text</span>
              <span className="track indeterminate">
                <span />
              </span>
            </span>
          ) : (
            <span className="btn-label">Library</span>
          )}
          {errorCount > 0 && ' '}
          {errorCount > 0 && (
            <span className="badge warn" aria-label={`${errorCount} problems`}>
              {errorCount}
            </span>
          )}
        </button>
        {onDuplicates && (
          <button type="button" className="btn ghost" onClick={onDuplicates} aria-label="Duplicates">
            <ImageIcon width={16} height={16} />
            <span className="btn-label">Duplicates</span>
          </button>
        )}
        <button type="button" className="btn ghost" onClick={onModels} aria-label="Models">
          <CubeIcon width={16} height={16} />
          <span className="btn-label">Models</span>
        </button>
      </nav>
    </header>
  );
}
