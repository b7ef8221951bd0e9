// Opening at login. macOS and Windows: Electron's app.setLoginItemSettings. Linux has no such API:
// an XDG autostart entry (~/.config/autostart/glimpse.desktop) that starts the app in the tray.
// No Electron import (the caller passes app.setLoginItemSettings), so both paths are unit-tested.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loginItemSettings, type AppSettings } from './app-settings';
import { writeFileAtomic } from './engine';

export const AUTOSTART_FILE = 'glimpse.desktop';

/** $XDG_CONFIG_HOME/autostart, else ~/.config/autostart. */
export function autostartDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
}

/** The autostart entry for an executable (an AppImage's own path when run from one). */
export function autostartEntry(exec: string, args: readonly string[]): string {
  const quote = (s: string) => (/[\s"'\\$`]/.test(s) ? `"${s.replace(/(["\\$`])/g, '\\$1')}"` : s);
  return ['[Desktop Entry]', 'Type=Application', 'Name=Glimpse', 'Comment=Find photos and documents', `Exec=${[exec, ...args].map(quote).join(' ')}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

export interface LoginItemDeps {
  platform: string;
  /** app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(s: { openAtLogin: boolean; args: string[] }): void;
  /** The program to start on Linux: $APPIMAGE when packaged as one, else process.execPath. */
  exec: string;
  autostartDir: string;
}

export function applyLoginItem(settings: AppSettings, deps: LoginItemDeps): void {
  const login = loginItemSettings(settings);
  if (deps.platform !== 'linux') {
    deps.setLoginItemSettings(login);
    return;
  }
  const file = join(deps.autostartDir, AUTOSTART_FILE);
  if (login.openAtLogin) {
    mkdirSync(deps.autostartDir, { recursive: true });
    writeFileAtomic(file, autostartEntry(deps.exec, login.args));
  } else if (existsSync(file)) {
    rmSync(file, { force: true });
  }
}
