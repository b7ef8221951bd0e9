// Background mode at its boundary: the app settings file, when closing the last window quits, when a
// launch opens no window (login in background mode), the login item (Electron's API on macOS/Windows,
// an XDG autostart entry on Linux), the tray menu, the window controller that re-creates the window
// for the global shortcut / menu / tray, and the application menu's commands.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (t: unknown) => t },
  Tray: class {},
  nativeImage: {},
  app: { getPath: () => '/tmp' },
  shell: { openPath: vi.fn() },
}));

const { BACKGROUND_ARG, backgroundNoticeDue, DEFAULT_SETTINGS, loadAppSettings, loginItemSettings, opensWindowAtStart, quitWhenAllClosed, saveAppSettings } = await import('../../../src/main/app-settings');
const { applyLoginItem, autostartDir, autostartEntry, AUTOSTART_FILE } = await import('../../../src/main/login-item');
const { trayMenuTemplate } = await import('../../../src/main/tray');
const { WindowController } = await import('../../../src/main/window-controller');
const { menuTemplate } = await import('../../../src/main/menu');
const { IPC, MENU_COMMANDS } = await import('../../../src/shared/ipc-channels');

const dir = mkdtempSync(join(tmpdir(), 'glimpse-bg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app settings', () => {
  it('defaults to background mode on and login off; survives garbage; round-trips', () => {
    const f = join(dir, 'app-settings.json');
    expect(loadAppSettings(f)).toEqual(DEFAULT_SETTINGS);
    writeFileSync(f, '{not json');
    expect(loadAppSettings(f)).toEqual(DEFAULT_SETTINGS);
    writeFileSync(f, JSON.stringify({ runInBackground: 'yes' }));
    expect(loadAppSettings(f)).toEqual(DEFAULT_SETTINGS);
    writeFileSync(f, JSON.stringify({ openAtLogin: true }));
    expect(loadAppSettings(f)).toEqual({ ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: true });
    saveAppSettings(f, { runInBackground: false, openAtLogin: true, backgroundNoticeShown: true });
    expect(loadAppSettings(f)).toEqual({ runInBackground: false, openAtLogin: true, backgroundNoticeShown: true });
  });

  it('closing the last window keeps watching in background mode with a tray, never quits on macOS', () => {
    const on = { ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: false };
    const off = { ...DEFAULT_SETTINGS, runInBackground: false, openAtLogin: false };
    expect(quitWhenAllClosed('linux', on, true)).toBe(false);
    expect(quitWhenAllClosed('win32', on, true)).toBe(false);
    expect(quitWhenAllClosed('linux', off, true)).toBe(true);
    expect(quitWhenAllClosed('win32', on, false)).toBe(true); // no tray to come back from
    expect(quitWhenAllClosed('darwin', off, false)).toBe(false);
  });

  it('says once, on Windows and Linux, that closing the window left Glimpse running', () => {
    expect(backgroundNoticeDue('linux', DEFAULT_SETTINGS, true)).toBe(true);
    expect(backgroundNoticeDue('win32', { ...DEFAULT_SETTINGS, backgroundNoticeShown: true }, true)).toBe(false);
    expect(backgroundNoticeDue('linux', { ...DEFAULT_SETTINGS, runInBackground: false }, true)).toBe(false); // it quits
    expect(backgroundNoticeDue('linux', DEFAULT_SETTINGS, false)).toBe(false);
    expect(backgroundNoticeDue('darwin', DEFAULT_SETTINGS, true)).toBe(false);
  });

  it('a login launch in background mode starts in the tray without a window', () => {
    const on = { ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: true };
    expect(opensWindowAtStart(['glimpse'], on, true)).toBe(true);
    expect(opensWindowAtStart(['glimpse', BACKGROUND_ARG], on, true)).toBe(false);
    expect(opensWindowAtStart(['glimpse'], on, true, true)).toBe(false); // macOS wasOpenedAtLogin
    expect(opensWindowAtStart(['glimpse', BACKGROUND_ARG], { ...on, runInBackground: false }, true)).toBe(true);
    expect(opensWindowAtStart(['glimpse', BACKGROUND_ARG], on, false)).toBe(true);
  });
});

describe('login item', () => {
  it('uses Electron on macOS and Windows, with the background argument', () => {
    const set = vi.fn();
    applyLoginItem({ ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: true }, { platform: 'win32', setLoginItemSettings: set, exec: 'x', autostartDir: join(dir, 'never') });
    expect(set).toHaveBeenCalledWith({ openAtLogin: true, args: [BACKGROUND_ARG] });
    applyLoginItem({ ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: false }, { platform: 'darwin', setLoginItemSettings: set, exec: 'x', autostartDir: join(dir, 'never') });
    expect(set).toHaveBeenLastCalledWith({ openAtLogin: false, args: [] });
    expect(existsSync(join(dir, 'never'))).toBe(false);
    expect(loginItemSettings({ ...DEFAULT_SETTINGS, runInBackground: false, openAtLogin: true })).toEqual({ openAtLogin: true, args: [BACKGROUND_ARG] });
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const set = vi.fn();
    const auto = join(dir, 'config', 'autostart');
    applyLoginItem({ ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: true }, { platform: 'linux', setLoginItemSettings: set, exec: '/opt/My Apps/Glimpse.AppImage', autostartDir: auto });
    const entry = readFileSync(join(auto, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec="/opt/My Apps/Glimpse.AppImage" ${BACKGROUND_ARG}`);
    expect(set).not.toHaveBeenCalled();
    applyLoginItem({ ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: false }, { platform: 'linux', setLoginItemSettings: set, exec: 'x', autostartDir: auto });
    expect(existsSync(join(auto, AUTOSTART_FILE))).toBe(false);
    expect(autostartDir({ XDG_CONFIG_HOME: '/xdg' })).toBe(join('/xdg', 'autostart'));
    expect(autostartEntry('/usr/bin/glimpse', [])).toContain('Exec=/usr/bin/glimpse\n');
  });
});

describe('tray menu', () => {
  const actions = () => ({ show: vi.fn(), quit: vi.fn(), setSetting: vi.fn() });
  type Item = { label?: string; type?: string; checked?: boolean; click?: (item: { checked: boolean }) => void };
  const byLabel = (items: Item[], label: string) => items.find((i) => i.label === label)!;

  it('shows the window, toggles both settings and quits', () => {
    const a = actions();
    const items = trayMenuTemplate({ ...DEFAULT_SETTINGS, runInBackground: true, openAtLogin: false }, a, 'linux') as Item[];
    byLabel(items, 'Show Glimpse').click!({ checked: false });
    expect(a.show).toHaveBeenCalledOnce();
    const bg = byLabel(items, 'Keep Running When the Window Is Closed');
    expect(bg).toMatchObject({ type: 'checkbox', checked: true });
    bg.click!({ checked: false });
    expect(a.setSetting).toHaveBeenCalledWith('runInBackground', false);
    const login = byLabel(items, 'Open at Login');
    expect(login).toMatchObject({ type: 'checkbox', checked: false });
    login.click!({ checked: true });
    expect(a.setSetting).toHaveBeenCalledWith('openAtLogin', true);
    byLabel(items, 'Quit Glimpse').click!({ checked: false });
    expect(a.quit).toHaveBeenCalledOnce();
  });

  it('has no background choice on macOS (apps stay open there)', () => {
    const items = trayMenuTemplate(DEFAULT_SETTINGS, actions(), 'darwin') as Item[];
    expect(items.some((i) => i.label?.startsWith('Keep Running'))).toBe(false);
    expect(byLabel(items, 'Quit Glimpse')).toBeTruthy();
  });
});

class FakeWindow {
  destroyed = false;
  minimized = false;
  loading = true;
  shown = 0;
  sent: unknown[][] = [];
  private closed: (() => void)[] = [];
  private loaded: (() => void)[] = [];
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  restore = () => void (this.minimized = false);
  show = () => void this.shown++;
  focus = () => undefined;
  on = (_e: 'closed', l: () => void) => this.closed.push(l);
  webContents = {
    send: (...a: unknown[]) => void this.sent.push(a),
    isLoading: () => this.loading,
    once: (_e: 'did-finish-load', l: () => void) => this.loaded.push(l),
  };
  finishLoad() {
    this.loading = false;
    for (const l of this.loaded.splice(0)) l();
  }
  close() {
    this.destroyed = true;
    for (const l of this.closed) l();
  }
}

describe('window controller', () => {
  it('re-creates a closed window for the global shortcut and sends the command once the page has loaded', () => {
    const made: FakeWindow[] = [];
    const c = new WindowController(() => {
      const w = new FakeWindow();
      made.push(w);
      return w;
    });
    const first = c.open();
    expect(c.open()).toBe(first);
    first.finishLoad();
    c.show('focus-search');
    expect(first.sent).toEqual([[IPC.command, 'focus-search']]);

    first.close(); // macOS: the app stays; background mode: the tray stays
    expect(c.get()).toBeNull();
    const second = c.show('focus-search');
    expect(made).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(second.shown).toBe(1);
    expect(second.sent).toEqual([]); // not before the page can hear it
    second.finishLoad();
    expect(second.sent).toEqual([[IPC.command, 'focus-search']]);
  });

  it('restores a minimised window and shows it without a command', () => {
    const w = new FakeWindow();
    const c = new WindowController(() => w);
    c.open();
    w.finishLoad();
    w.minimized = true;
    c.show();
    expect(w.minimized).toBe(false);
    expect(w.sent).toEqual([]);
  });
});

describe('application menu', () => {
  type Item = { label?: string; role?: string; click?: () => void; submenu?: Item[] };
  const all = (items: Item[]): Item[] => items.flatMap((i) => [i, ...(i.submenu ? all(i.submenu) : [])]);

  it('every page command is sent (Add Folder, Preview, Keyboard Shortcuts...)', () => {
    const show = vi.fn();
    const items = all(menuTemplate(show, false, 'linux') as Item[]);
    for (const label of ['Add Folder…', 'Library', 'Models', 'Search', 'Preview', 'Keyboard Shortcuts']) items.find((i) => i.label === label)!.click!();
    expect(show.mock.calls.map((c) => c[0])).toEqual(['add-folder', 'open-library', 'open-models', 'focus-search', 'toggle-preview', 'show-shortcuts']);
    expect(new Set(show.mock.calls.map((c) => c[0]))).toEqual(new Set(MENU_COMMANDS));
    expect(items.some((i) => i.role === 'quit')).toBe(true);
  });
});
