// Wires the IPC channels to the engine. Every handler first checks that the sender is our own page
// and validates its input (see validate.ts); results travel as IpcResult envelopes.
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { GlimpseError } from '../../shared/errors';
import type { EngineHost } from '../engine/engine-host';
import { runDesktopAction, startFileDrag } from '../desktop-actions';
import { logger } from '../engine/util/logger';
import { IPC } from './channels';
import { dispatchCall, senderAllowed, validateDesktop, validateDragId, wrap } from './validate';

const log = logger('ipc');

export function registerIpc(engine: EngineHost, devServerUrl?: string): () => void {
  const check = (e: IpcMainInvokeEvent | IpcMainEvent) => {
    if (!senderAllowed(e.senderFrame?.url, devServerUrl)) throw new GlimpseError('forbidden', 'this page may not use the Glimpse bridge');
  };

  ipcMain.handle(IPC.call, async (e, name: unknown, input: unknown) => {
    try {
      check(e);
    } catch (err) {
      return wrap(() => Promise.reject(err));
    }
    return dispatchCall(engine, name, input);
  });

  ipcMain.handle(IPC.desktop, (e, action: unknown, input: unknown) =>
    wrap(async () => {
      check(e);
      const v = validateDesktop(action, input);
      return runDesktopAction(engine, BrowserWindow.fromWebContents(e.sender), v.action, v.fileId);
    }),
  );

  const onDrag = (e: IpcMainEvent, raw: unknown) => {
    try {
      check(e);
      const id = validateDragId(raw);
      startFileDrag(engine, e.sender, id).catch((err: unknown) => log.warn('drag failed', err));
    } catch (err) {
      log.warn('drag refused', err);
    }
  };
  ipcMain.on(IPC.drag, onDrag);

  // Engine events go to every window of ours.
  const offs = (['progress', 'download', 'fileError'] as const).map((event) =>
    engine.on(event, (payload) => {
      for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(IPC.event, event, payload);
    }),
  );

  return () => {
    ipcMain.removeHandler(IPC.call);
    ipcMain.removeHandler(IPC.desktop);
    ipcMain.off(IPC.drag, onDrag);
    for (const o of offs) o();
  };
}
