// Preload (sandboxed, context-isolated): exposes `window.glimpse` with one method per contract call,
// event subscriptions that return an unsubscribe function, and a few desktop actions. Nothing raw:
// the page never gets ipcRenderer, only these functions, and main validates every argument.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CallNames, EventNames, type EventName } from '../shared/contract';
import { IPC, type MenuCommand } from '../shared/ipc-channels';
import type { GlimpseBridge } from '../shared/bridge-types';

const EVENT_NAMES: readonly EventName[] = EventNames;

// One IPC listener per event kind, fanned out to the page's subscribers.
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC.event, (_e: IpcRendererEvent, event: EventName, payload: unknown) => {
  for (const l of listeners.get(event) ?? []) {
    try {
      l(payload);
    } catch {}
  }
});

// A command sent to a window opened for it (global shortcut, menu or tray with the window closed) can
// arrive before the page subscribes: the last one waits for the first subscriber.
const commandListeners = new Set<(c: MenuCommand) => void>();
let waitingCommand: MenuCommand | null = null;
ipcRenderer.on(IPC.command, (_e: IpcRendererEvent, command: MenuCommand) => {
  if (commandListeners.size === 0) waitingCommand = command;
  for (const l of commandListeners) l(command);
});

const calls = Object.fromEntries(CallNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(IPC.call, name, input)]));

const bridge = {
  ...calls,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!EVENT_NAMES.includes(event) || typeof listener !== 'function') throw new Error(`unknown event ${String(event)}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  desktop: {
    platform: process.platform,
    revealInFolder: (fileId: number) => ipcRenderer.invoke(IPC.desktop, 'revealInFolder', { fileId }),
    openFile: (fileId: number) => ipcRenderer.invoke(IPC.desktop, 'openFile', { fileId }),
    copyPath: (fileId: number) => ipcRenderer.invoke(IPC.desktop, 'copyPath', { fileId }),
    trashFile: (fileId: number) => ipcRenderer.invoke(IPC.desktop, 'trashFile', { fileId }),
    pickFolder: () => ipcRenderer.invoke(IPC.desktop, 'pickFolder', {}),
    startDrag: (fileId: number) => ipcRenderer.send(IPC.drag, fileId),
    prepareDrag: (fileId: number) => ipcRenderer.send(IPC.prepareDrag, fileId),
    onCommand(listener: (c: MenuCommand) => void) {
      commandListeners.add(listener);
      if (waitingCommand) {
        const c = waitingCommand;
        waitingCommand = null;
        queueMicrotask(() => listener(c));
      }
      return () => {
        commandListeners.delete(listener);
      };
    },
  },
} as unknown as GlimpseBridge;

contextBridge.exposeInMainWorld('glimpse', bridge);
