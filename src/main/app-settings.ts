// The desktop app's own settings (<userData>/app-settings.json), apart from the library's: whether
// closing the window keeps Glimpse running in the tray (watching folders), and whether it opens at
// login. No Electron import: the caller applies them (tray.ts, index.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './engine';

export interface AppSettings {
  /** Closing the last window leaves Glimpse in the tray, still watching (Windows, Linux; macOS apps stay anyway). */
  runInBackground: boolean;
  /** Start with the session (hidden, in the tray: `--background`). */
  openAtLogin: boolean;
  /** The one-time "Glimpse is still running" notice after the window first closed to the tray was shown. */
  backgroundNoticeShown: boolean;
}

export const DEFAULT_SETTINGS: AppSettings = { runInBackground: true, openAtLogin: false, backgroundNoticeShown: false };

const Saved = z.object({ runInBackground: z.boolean().optional(), openAtLogin: z.boolean().optional(), backgroundNoticeShown: z.boolean().optional() });

export function loadAppSettings(file: string): AppSettings {
  try {
    const parsed = Saved.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? { ...DEFAULT_SETTINGS, ...stripUndefined(parsed.data) } : { ...DEFAULT_SETTINGS };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveAppSettings(file: string, s: AppSettings): void {
  writeFileAtomic(file, JSON.stringify(s, null, 2));
}

/** The argument a login launch carries: start in the tray without a window. */
export const BACKGROUND_ARG = '--background';

/** Whether the app quits when its last window closes. macOS apps never do; elsewhere only without background mode (or without a tray to come back from). */
export function quitWhenAllClosed(platform: string, s: AppSettings, hasTray: boolean): boolean {
  if (platform === 'darwin') return false;
  return !(s.runInBackground && hasTray);
}

/** Whether closing the last window should say, once, that Glimpse goes on in the tray (Windows, Linux). */
export function backgroundNoticeDue(platform: string, s: AppSettings, hasTray: boolean): boolean {
  return !quitWhenAllClosed(platform, s, hasTray) && platform !== 'darwin' && !s.backgroundNoticeShown;
}

/** Whether this launch opens a window: not when started at login in background mode (the tray is there). */
export function opensWindowAtStart(argv: readonly string[], s: AppSettings, hasTray: boolean, openedAtLogin = false): boolean {
  const atLogin = openedAtLogin || argv.includes(BACKGROUND_ARG);
  return !(atLogin && s.runInBackground && hasTray);
}

/** What app.setLoginItemSettings takes for a setting. */
export function loginItemSettings(s: AppSettings): { openAtLogin: boolean; args: string[] } {
  return { openAtLogin: s.openAtLogin, args: s.openAtLogin ? [BACKGROUND_ARG] : [] };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
