// Window-wide keyboard shortcuts. Sheets and menus handle their own keys first (a sheet takes Esc in
// the capture phase; the result lists mark the keys they used with preventDefault), so one Esc
// does one thing: close the menu, else the sheet, else the preview, else go back to the search.
import { useEffect, useRef } from 'react';

export interface GlobalKeyActions {
  focusSearch(): void;
  /** Esc outside the result lists and fields: close the preview; false when there was none. */
  closePreview(): boolean;
  addFolder(): void;
  /** Ctrl/Cmd+Enter and Ctrl/Cmd+Shift+Enter on the selected or previewed result. */
  openSelected(): void;
  revealSelected(): void;
  /** "?" outside a field: the list of shortcuts. */
  showShortcuts(): void;
  /** A sheet or menu is open: it owns the keyboard. */
  modal: boolean;
}

export const SHORTCUTS = {
  open: { keys: 'Control+Enter', label: 'Ctrl+Enter' },
  reveal: { keys: 'Control+Shift+Enter', label: 'Ctrl+Shift+Enter' },
  addFolder: { keys: 'Control+O', label: 'Ctrl+O' },
} as const;

function isTyping(t: EventTarget | null): boolean {
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
}

export function useGlobalKeys(actions: GlobalKeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      if (a.modal || e.defaultPrevented) return;
      if ((e.key === '/' && !isTyping(e.target)) || (mod && (e.key === 'k' || e.key === 'f'))) {
        e.preventDefault();
        a.focusSearch();
      } else if (e.key === '?' && !mod && !isTyping(e.target)) {
        e.preventDefault();
        a.showShortcuts();
      } else if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        a.addFolder();
      } else if (mod && e.key === 'Enter' && !isTyping(e.target)) {
        e.preventDefault();
        if (e.shiftKey) a.revealSelected();
        else a.openSelected();
      } else if (e.key === 'Escape' && !isTyping(e.target)) {
        if (a.closePreview()) e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
