// The one app window: hardened web preferences, navigation and new windows denied (web links go to
// the OS browser), permissions refused, and its bounds remembered between launches.
import { BrowserWindow, nativeTheme, screen, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalUrlAllowed, navigationAllowed } from './security';
import { loadWindowState, saveWindowState, MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state';
import { APP_ORIGIN } from './protocol';

export interface WindowOptions {
  stateFile: string;
  devServerUrl?: string;
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const state = loadWindowState(
    opts.stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...('x' in state ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Glimpse',
    // The theme's background, so the window never flashes white before the page paints.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#121215' : '#f5f5f7',
    titleBarStyle: process.platform === 'darwin' ? 'hiddenInset' : 'default',
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const wc = win.webContents;
  wc.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (e, url) => {
    if (navigationAllowed(url, opts.devServerUrl)) return;
    e.preventDefault();
    if (externalUrlAllowed(url)) void shell.openExternal(url);
  });
  wc.on('will-redirect', (e, url) => {
    if (!navigationAllowed(url, opts.devServerUrl)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());

  let saveTimer: NodeJS.Timeout | null = null;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const b = win.getNormalBounds();
      const s: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
      saveWindowState(opts.stateFile, s);
    }, 400);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev as 'resize', save);
  win.on('close', () => {
    if (saveTimer) clearTimeout(saveTimer);
    const b = win.getNormalBounds();
    saveWindowState(opts.stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });

  if (opts.devServerUrl) void win.loadURL(opts.devServerUrl);
  else void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** The built renderer folder next to the main bundle (out/renderer). */
export function rendererDir(): string {
  return join(fileURLToPath(new URL('.', import.meta.url)), '..', 'renderer');
}
