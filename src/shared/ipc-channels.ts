// IPC channel names and message shapes shared by the Electron main process and the preload. Pure TS
// (no electron import) so the preload bundle and the unit tests can use it.
import type { ErrorBody } from './contract';

export const IPC = {
  /** invoke(name, input) -> IpcResult: one contract call. */
  call: 'glimpse:call',
  /** main -> renderer: (event, payload) for the contract's events. */
  event: 'glimpse:event',
  /** invoke(action, input) -> IpcResult: desktop-only actions (reveal, open, copy path, pick folder). */
  desktop: 'glimpse:desktop',
  /** send(fileId): start dragging a result out of the window (must be synchronous with dragstart). */
  drag: 'glimpse:drag',
  /** send(fileId): look a result's file up now, so that a drag of it can start without waiting (pointer-down, selection). */
  prepareDrag: 'glimpse:prepare-drag',
  /** main -> renderer: a menu or global-shortcut command. */
  command: 'glimpse:command',
} as const;

/** Errors do not survive Electron's IPC intact (only the message does), so results travel wrapped. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** trashFile: moves a library file to the system trash (restorable there); only files under watched folders resolve. */
export const DESKTOP_ACTIONS = ['revealInFolder', 'openFile', 'copyPath', 'pickFolder', 'trashFile'] as const;
export type DesktopAction = (typeof DESKTOP_ACTIONS)[number];

export const MENU_COMMANDS = ['focus-search', 'open-library', 'open-models', 'add-folder', 'toggle-preview', 'show-shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
