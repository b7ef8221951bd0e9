// A side sheet (library, models, welcome): a modal dialog that takes focus when it opens, keeps Tab
// and Shift+Tab inside itself (focus that escapes by a click outside or a programmatic focus comes
// back), closes on Esc (only the topmost sheet, even when focus is on <body>) and gives focus back.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { CloseIcon } from './icons';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Open sheets, innermost last: Esc and the focus trap belong to the top one only. */
const stack: HTMLElement[] = [];

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  /** CSS selector of the element to focus first (else the first field or button in the body). */
  initialFocus?: string;
}

export function Sheet({ title, onClose, children, wide, initialFocus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const back = document.activeElement;
    stack.push(el);
    // The window behind is inert while the sheet is open (no focus, no clicks, hidden from assistive
    // tech), except the toasts, which still announce what the sheet's actions did.
    const background = [...document.querySelectorAll<HTMLElement>('.app > :not(.toasts)')].filter((b) => !b.inert);
    for (const b of background) b.inert = true;
    const wanted = initialFocus ? el.querySelector<HTMLElement>(initialFocus) : null;
    // Content that loads after opening (the model list) gets focus when it arrives, unless the
    // user has moved on; until then the dialog itself holds it, never a field below the fold.
    let waiting: MutationObserver | null = null;
    if (initialFocus && !wanted) {
      el.focus();
      waiting = new MutationObserver(() => {
        const t = el.querySelector<HTMLElement>(initialFocus);
        if (!t) return;
        waiting?.disconnect();
        if (document.activeElement === el) t.focus();
      });
      waiting.observe(el, { childList: true, subtree: true });
    } else {
      (wanted ?? el.querySelector<HTMLElement>('.sheet-body input, .sheet-body button, .sheet-body select') ?? el).focus();
    }
    const isTop = () => stack[stack.length - 1] === el;
    const onKey = (e: KeyboardEvent) => {
      if (!isTop()) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeRef.current();
      } else if (e.key === 'Tab') {
        const items = focusables(el);
        if (items.length === 0) {
          e.preventDefault();
          el.focus();
          return;
        }
        const i = items.indexOf(document.activeElement as HTMLElement);
        const inside = el.contains(document.activeElement);
        let next: HTMLElement | undefined;
        if (e.shiftKey) next = !inside || i <= 0 ? items[items.length - 1] : undefined;
        else next = !inside || i === items.length - 1 ? items[0] : undefined;
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }
    };
    // Focus that lands outside (a click on the backdrop's page, a component focusing itself) comes back.
    const onFocusIn = (e: FocusEvent) => {
      if (isTop() && e.target instanceof Node && !el.contains(e.target)) (focusables(el)[0] ?? el).focus();
    };
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      waiting?.disconnect();
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      stack.splice(stack.indexOf(el), 1);
      for (const b of background) b.inert = false;
      if (back instanceof HTMLElement && document.contains(back)) back.focus();
    };
    // Opened once; initialFocus only matters at that moment.
  }, []);
  return createPortal(
    <div className="sheet-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeRef.current()}>
      <div ref={ref} className={`sheet${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <header className="pane-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-btn sheet-close" aria-label={`Close ${title.toLowerCase()}`} onClick={() => closeRef.current()}>
            <CloseIcon />
          </button>
        </header>
        <div className="sheet-body scroll">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
