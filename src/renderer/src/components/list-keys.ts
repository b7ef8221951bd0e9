// Keys every result collection (photo grid, document list) handles the same way: Home/End,
// Enter/Space to open, Escape back to the search bar, the context-menu key (or Shift+F10).
// Returns true when the key was handled (the caller then prevents the default action).
import type { KeyboardEvent } from 'react';

export interface CommonListKeys<T> {
  count: number;
  item: T | undefined;
  move(to: number): void;
  open(item: T): void;
  escape(): void;
  /** Opens the context menu of the item (the caller knows where its element is). */
  contextMenu(item: T): void;
}

export function handleCommonListKey<T>(e: KeyboardEvent<HTMLElement>, k: CommonListKeys<T>): boolean {
  switch (e.key) {
    case 'Home':
      k.move(0);
      return true;
    case 'End':
      k.move(k.count - 1);
      return true;
    case 'Enter':
    case ' ':
      // Ctrl/Cmd+Enter is the window's "open the file" shortcut, not the preview.
      if (e.ctrlKey || e.metaKey) return false;
      if (k.item) k.open(k.item);
      return true;
    case 'Escape':
      k.escape();
      return true;
    case 'ContextMenu':
    case 'F10':
      if (e.key === 'F10' && !e.shiftKey) return false;
      if (k.item) k.contextMenu(k.item);
      return true;
    default:
      return false;
  }
}
