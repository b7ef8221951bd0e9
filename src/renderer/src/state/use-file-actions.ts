// What can be done with one found file, the same from the context menu, the preview's buttons and
// the keyboard shortcuts: open it, reveal it in its folder, copy its path. In the app these go
// through the desktop bridge; in a browser "Open" shows the original from the server in a new tab
// (documents download) and there is no folder to reveal.
import { useCallback } from 'react';
import { client } from '../api/client';
import { useToasts } from './toasts';

export interface FileRef {
  id: number;
  path: string;
}

export interface FileActions {
  open(t: FileRef): void;
  /** Null in the browser: no file manager to reveal a file in. */
  reveal: ((t: FileRef) => void) | null;
  copyPath(t: FileRef): void;
}

export function useFileActions(): FileActions {
  const toasts = useToasts();
  const d = client.desktop;
  const open = useCallback(
    (t: FileRef) => {
      if (d) void d.openFile(t.id).catch((e: unknown) => toasts.error(e, 'Could not open the file'));
      else window.open(client.mediaUrl('original', t.id), '_blank', 'noopener');
    },
    [d, toasts],
  );
  const reveal = useCallback((t: FileRef) => void d?.revealInFolder(t.id).catch((e: unknown) => toasts.error(e, 'Could not reveal the file')), [d, toasts]);
  const copyPath = useCallback(
    (t: FileRef) => {
      const done = d ? d.copyPath(t.id) : navigator.clipboard.writeText(t.path);
      done.then(() => toasts.info('Path copied')).catch((e: unknown) => toasts.error(e, 'Could not copy the path'));
    },
    [d, toasts],
  );
  return { open, reveal: d ? reveal : null, copyPath };
}
