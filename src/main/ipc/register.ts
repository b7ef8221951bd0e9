// Wires the IPC channels to the engine. Every handler first checks that the sender is our own page
// and validates its input (see validate.ts); results travel as IpcResult envelopes.
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { GlimpseError } from '../../shared/errors';
import type { UiEngineHost } from '../engine';
import { runDesktopAction } from '../desktop-actions';
import { DragCache } from '../drag-cache';
import { EventNames } from '../../shared/contract';
import { logger } from '../engine';
import { IPC } from '../../shared/ipc-channels';
import { dispatchCall, senderAllowed, validateDesktop, validateDragId, wrap } from './validate';

const log = logger('ipc');

export function registerIpc(engine: UiEngineHost, devServerUrl?: string): () => void {
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

  // The OS drag must start while the page's dragstart runs: from a prepared item, synchronously. An
  // item that was not prepared is looked up and started late (some platforms then ignore it).
  const drags = new DragCache(engine);
  const onPrepareDrag = (e: IpcMainEvent, raw: unknown) => {
    try {
      check(e);
      void drags.prepare(validateDragId(raw));
    } catch (err) {
      log.warn('drag preparation refused', err);
    }
  };
  const onDrag = (e: IpcMainEvent, raw: unknown) => {
    try {
      check(e);
      const id = validateDragId(raw);
      const ready = drags.get(id);
      if (ready) e.sender.startDrag(ready);
      else {
        void drags.prepare(id).then((item) => {
          if (item) e.sender.startDrag(item);
          else log.warn(`drag of file ${id} failed: not resolvable`);
        });
      }
    } catch (err) {
      log.warn('drag refused', err);
    }
  };
  ipcMain.on(IPC.prepareDrag, onPrepareDrag);
  ipcMain.on(IPC.drag, onDrag);

  // Engine events go to every window of ours.
  const offs = EventNames.map((event) =>
    engine.on(event, (payload) => {
      for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(IPC.event, event, payload);
    }),
  );

  return () => {
    ipcMain.removeHandler(IPC.call);
    ipcMain.removeHandler(IPC.desktop);
    ipcMain.off(IPC.drag, onDrag);
    ipcMain.off(IPC.prepareDrag, onPrepareDrag);
    for (const o of offs) o();
  };
}
