// Electron main process: app lifecycle only. One window, one engine (in a utility process), the
// glimpse: protocol, IPC, menus and the global shortcut. Kept thin: the logic lives in the engine
// and in the small modules imported here.
import { app, BrowserWindow, globalShortcut, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { launchEngine } from './engine-launcher';
import { registerIpc } from './ipc/register';
import { IPC } from './ipc/channels';
import { buildMenu, FOCUS_SEARCH_ACCELERATOR } from './menu';
import { createProtocolHandler, SCHEME } from './protocol';
import { createMainWindow, rendererDir } from './window';
import { logger, setLogFile } from './engine/util/logger';

const log = logger('main');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Must happen before `ready`: glimpse: behaves like https (secure context, fetch, CORS-aware).
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

let mainWindow: BrowserWindow | null = null;

function focusWindow(command?: 'focus-search'): void {
  const w = mainWindow;
  if (!w || w.isDestroyed()) return;
  if (w.isMinimized()) w.restore();
  w.show();
  w.focus();
  if (command) w.webContents.send(IPC.command, command);
}

async function start(): Promise<void> {
  app.on('second-instance', () => focusWindow('focus-search'));
  await app.whenReady();
  const userData = app.getPath('userData');
  setLogFile(join(userData, 'logs', 'main.log'));

  // Nothing in the page needs camera, geolocation, notifications...: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const { engine } = launchEngine(userData);
  engine.ready.catch((err: unknown) => log.error('engine failed to start', err));

  protocol.handle(SCHEME, createProtocolHandler({ rendererDir: rendererDir(), resolveMedia: (kind, id) => engine.resolveMedia(kind, id) }));
  registerIpc(engine, devServerUrl);

  const getWindow = () => mainWindow;
  Menu.setApplicationMenu(buildMenu(getWindow, !app.isPackaged));

  const open = () => {
    mainWindow = createMainWindow({ stateFile: join(userData, 'window-state.json'), devServerUrl });
    mainWindow.on('closed', () => (mainWindow = null));
  };
  open();

  if (!globalShortcut.register(FOCUS_SEARCH_ACCELERATOR, () => focusWindow('focus-search'))) {
    log.warn(`global shortcut ${FOCUS_SEARCH_ACCELERATOR} is taken by another app`);
  }

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (e) => {
    globalShortcut.unregisterAll();
    if (quitting) return;
    // Let the engine save its indexes and close SQLite before the app exits.
    quitting = true;
    e.preventDefault();
    engine.close().finally(() => app.quit());
  });
}
