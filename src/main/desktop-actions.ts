// Desktop-only actions on a result, by catalog id: reveal in the file manager, open with the default
// app, copy the path (drag-out: drag-cache.ts). The path is looked up here through the engine, which only
// resolves files under watched folders; the page never sends a path.
import { clipboard, dialog, shell, type BrowserWindow } from 'electron';
import { GlimpseError } from '../shared/errors';
import type { UiEngineHost } from './engine';
import type { DesktopAction } from '../shared/ipc-channels';

async function pathOf(engine: UiEngineHost, fileId: number): Promise<string> {
  return (await engine.resolveMedia('original', fileId)).path;
}

export async function runDesktopAction(engine: UiEngineHost, win: BrowserWindow | null, action: DesktopAction, fileId: number | null): Promise<unknown> {
  switch (action) {
    case 'pickFolder': {
      const opts = { properties: ['openDirectory' as const, 'createDirectory' as const], title: 'Choose a folder' };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
    }
    case 'revealInFolder':
      shell.showItemInFolder(await pathOf(engine, fileId!));
      return { ok: true };
    case 'openFile': {
      const err = await shell.openPath(await pathOf(engine, fileId!));
      if (err) throw new GlimpseError('io', `could not open the file: ${err}`);
      return { ok: true };
    }
    case 'copyPath':
      clipboard.writeText(await pathOf(engine, fileId!));
      return { ok: true };
    case 'trashFile':
      // The system trash, never a delete: the user can put it back from there. The watcher then drops it from the library.
      await shell.trashItem(await pathOf(engine, fileId!));
      return { ok: true };
  }
}
