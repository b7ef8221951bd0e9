// Where Glimpse keeps its state: --data-dir, else GLIMPSE_DATA_DIR, else the OS app-data folder
// (the same folder Electron's app.getPath('userData') gives for an app named Glimpse).
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { mkdirSync, statSync } from 'node:fs';
import { GlimpseError } from '../../../shared/errors';
import { plainIoMessage } from './io-errors';

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
    ensureFolder(this.root);
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

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns for some paths (under /proc
 * it loops on ENOENT forever); here any level that cannot be made fails with one plain line.
 */
export function ensureFolder(path: string): void {
  const missing: string[] = [];
  let p = resolve(path);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new GlimpseError('io', `cannot use ${path} as the data folder: ${plainIoMessage(err)}`);
      missing.push(p);
      const parent = dirname(p);
      if (parent === p) break;
      p = parent;
      continue;
    }
    if (!st.isDirectory()) throw new GlimpseError('io', `cannot use ${path} as the data folder: ${p} is not a folder`);
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new GlimpseError('io', `cannot create the data folder ${path}: ${plainIoMessage(err)}`);
    }
  }
}
