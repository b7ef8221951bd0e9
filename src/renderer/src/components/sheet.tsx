// A side sheet (library, models): a labelled dialog that takes focus when it opens, closes on Esc
// and gives focus back.
import { useEffect, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';

export function Sheet({ title, onClose, children, wide }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const back = document.activeElement;
    ref.current?.querySelector<HTMLElement>('input, button:not(.sheet-close), select')?.focus();
    return () => {
      if (back instanceof HTMLElement && document.contains(back)) back.focus();
    };
  }, []);
  return (
    <div className="sheet-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeRef.current()}>
      <div
        ref={ref}
        className={`sheet${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            closeRef.current();
          }
        }}
      >
        <header className="pane-header">
          <h2>{title}</h2>
          <button type="button" className="icon-btn sheet-close" aria-label={`Close ${title.toLowerCase()}`} onClick={() => closeRef.current()}>
            <CloseIcon />
          </button>
        </header>
        <div className="sheet-body scroll">{children}</div>
      </div>
    </div>
  );
}
