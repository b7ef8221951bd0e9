// Electron main process: app lifecycle only. One window (re-created when it was closed), one engine
// (in a utility process), the glimpse: protocol, IPC, menus, the tray and the global shortcut. Kept
// thin: the logic lives in the engine and in the small modules imported here.
import { app, globalShortcut, Menu, Notification, protocol, session } from 'electron';
import { join } from 'node:path';
import { launchEngine } from './engine-launcher';
import { registerIpc } from './ipc/register';
import { buildMenu, FOCUS_SEARCH_ACCELERATOR } from './menu';
import { createProtocolHandler, SCHEME } from './protocol';
import { createMainWindow, rendererDir } from './window';
import { WindowController } from './window-controller';
import { backgroundNoticeDue, loadAppSettings, opensWindowAtStart, quitWhenAllClosed, saveAppSettings, type AppSettings } from './app-settings';
import { applyLoginItem, autostartDir } from './login-item';
import { createTray, type AppTray } from './tray';
import { logger, setLogFile } from './engine';

const log = logger('main');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Must happen before `ready`: glimpse: behaves like https (secure context, fetch, CORS-aware).
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
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

  // The window comes and goes (closed to the tray, or on macOS); the engine keeps watching meanwhile.
  const windows = new WindowController(() => createMainWindow({ stateFile: join(userData, 'window-state.json'), devServerUrl }));
  app.on('second-instance', () => windows.show('focus-search'));
  Menu.setApplicationMenu(buildMenu((cmd) => windows.show(cmd), !app.isPackaged));

  const settingsFile = join(userData, 'app-settings.json');
  let settings = loadAppSettings(settingsFile);
  const applyLogin = () => {
    try {
      applyLoginItem(settings, {
        platform: process.platform,
        setLoginItemSettings: (s) => app.setLoginItemSettings(s),
        exec: process.env.APPIMAGE || process.execPath,
        autostartDir: autostartDir(),
      });
    } catch (err) {
      log.warn('could not change the login item', err);
    }
  };
  let tray: AppTray | null = null;
  tray = createTray(settings, {
    show: () => windows.show(),
    quit: () => app.quit(),
    setSetting: <K extends keyof AppSettings>(key: K, value: AppSettings[K]) => {
      settings = { ...settings, [key]: value };
      saveAppSettings(settingsFile, settings);
      if (key === 'openAtLogin') applyLogin();
      tray?.update(settings);
    },
  });
  if (!tray) log.warn('no tray on this desktop: closing the window quits Glimpse');
  if (settings.openAtLogin) applyLogin(); // the app may have moved since (an AppImage, an update)

  const atLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (opensWindowAtStart(process.argv, settings, tray !== null, atLogin)) windows.open();

  // Works with the window closed too: it is opened again (macOS, background mode).
  if (!globalShortcut.register(FOCUS_SEARCH_ACCELERATOR, () => windows.show('focus-search'))) {
    log.warn(`global shortcut ${FOCUS_SEARCH_ACCELERATOR} is taken by another app`);
  }

  app.on('activate', () => windows.show());
  app.on('window-all-closed', () => {
    if (quitWhenAllClosed(process.platform, settings, tray !== null)) {
      app.quit();
      return;
    }
    // The first time the window closes into the tray, say so: the app did not quit.
    if (backgroundNoticeDue(process.platform, settings, tray !== null)) {
      settings = { ...settings, backgroundNoticeShown: true };
      saveAppSettings(settingsFile, settings);
      if (Notification.isSupported()) {
        new Notification({ title: 'Glimpse is still running', body: 'It keeps watching your folders in the background. Quit from the tray icon; turn this off in its menu.' }).show();
      }
    }
  });
  let quitting = false;
  app.on('before-quit', (e) => {
    globalShortcut.unregisterAll();
    if (quitting) return;
    // Let the engine save its indexes and close SQLite before the app exits.
    quitting = true;
    e.preventDefault();
    tray?.destroy();
    tray = null;
    engine.close().finally(() => app.quit());
  });
}
