// The one main window over its whole life: closed and opened again (macOS keeps the app after the last
// window closes; Windows and Linux do in background mode, from the tray). Anything that brings
// Glimpse forward (global shortcut, second launch, tray, a menu item with no window open) goes through
// show(), which re-creates the window when it is gone and delivers the command once the page has
// loaded. No Electron import: the caller passes the factory (window.ts), so this is unit-tested.
import { IPC, type MenuCommand } from '../shared/ipc-channels';

export interface ControlledWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  on(event: 'closed', listener: () => void): unknown;
  webContents: {
    send(channel: string, ...args: unknown[]): void;
    isLoading(): boolean;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export class WindowController<W extends ControlledWindow = ControlledWindow> {
  private win: W | null = null;

  constructor(private readonly create: () => W) {}

  /** The open window, or null when it was closed. */
  get(): W | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** Opens the window when there is none (it shows itself when ready); returns it. */
  open(): W {
    const have = this.get();
    if (have) return have;
    const w = this.create();
    this.win = w;
    w.on('closed', () => {
      if (this.win === w) this.win = null;
    });
    return w;
  }

  /**
   * Brings the window forward, re-creating it when it was closed, and sends `command` to the page:
   * at once when it is loaded, else when it finishes loading (a fresh window's page subscribes on load).
   */
  show(command?: MenuCommand): W {
    const fresh = this.get() === null;
    const w = this.open();
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    if (command) {
      const send = () => {
        if (!w.isDestroyed()) w.webContents.send(IPC.command, command);
      };
      if (fresh || w.webContents.isLoading()) w.webContents.once('did-finish-load', send);
      else send();
    }
    return w;
  }
}
