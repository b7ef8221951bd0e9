// Where Glimpse keeps its state: --data-dir, else GLIMPSE_DATA_DIR, else the OS app-data folder
// (the same folder Electron's app.getPath('userData') gives for an app named Glimpse).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';

export function defaultDataDir(): string {
  if (process.env.GLIMPSE_DATA_DIR) return resolve(process.env.GLIMPSE_DATA_DIR);
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Glimpse');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Glimpse');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Glimpse');
}

/** The fixed layout under a data dir. */
export class DataDir {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }
  get catalogDb(): string {
    return join(this.root, 'catalog.sqlite');
  }
  get modelsDir(): string {
    return join(this.root, 'models');
  }
  get indexesDir(): string {
    return join(this.root, 'indexes');
  }
  get thumbnailsDir(): string {
    return join(this.root, 'thumbnails');
  }
  get cacheDir(): string {
    return join(this.root, 'cache');
  }
  get settingsFile(): string {
    return join(this.root, 'settings.json');
  }
  get logFile(): string {
    return join(this.root, 'logs', 'glimpse.log');
  }
}
