// A damaged or missing catalog is never taken for a new, empty library. The folder list is kept
// beside the catalog (folders.json, rewritten by the owner whenever it changes); before the
// catalog opens, a 0-byte or missing catalog.sqlite next to a library that existed (folders.json or
// vector indexes present) is refused with a message naming the repair: `glimpse doctor --repair`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import { writeFileAtomic } from '../util/atomic-write';
import type { Catalog } from './catalog';

export const FOLDERS_BACKUP = 'folders.json';

export interface FoldersBackup {
  version: 1;
  savedAt: string;
  folders: { path: string; addedAt: string }[];
}

export const REPAIR_HINT = 'run `glimpse doctor` to check it and `glimpse doctor --repair` to rebuild it from the kept folder list';

export function backupPath(dataDir: string): string {
  return join(dataDir, FOLDERS_BACKUP);
}

/** Rewrites folders.json from the catalog (only when it changed, so a read-only disk is not written for nothing). */
export function saveFoldersBackup(dataDir: string, catalog: Catalog): void {
  const folders = catalog.folders.list().map((f) => ({ path: f.path, addedAt: f.addedAt }));
  const old = readFoldersBackup(dataDir);
  if (old && JSON.stringify(old.folders) === JSON.stringify(folders)) return;
  const body: FoldersBackup = { version: 1, savedAt: new Date().toISOString(), folders };
  writeFileAtomic(backupPath(dataDir), JSON.stringify(body, null, 2) + '\n');
}

export function readFoldersBackup(dataDir: string): FoldersBackup | null {
  try {
    const b = JSON.parse(readFileSync(backupPath(dataDir), 'utf8')) as FoldersBackup;
    return Array.isArray(b.folders) ? b : null;
  } catch {
    return null;
  }
}

/** Signs that a library lived in this data dir: a folder list or vector index files. */
function libraryExisted(dataDir: string): boolean {
  if (existsSync(backupPath(dataDir))) return true;
  try {
    return readdirSync(join(dataDir, 'indexes')).some((n) => n.endsWith('.hnsw') || n.endsWith('.bin'));
  } catch {
    return false;
  }
}

/** Throws GlimpseError('corrupt') when the catalog file is empty or missing but the library existed. */
export function checkCatalogFile(dataDir: string, catalogPath: string): void {
  let size: number | null = null;
  try {
    size = statSync(catalogPath).size;
  } catch {}
  if (size !== null && size > 0) return;
  if (!libraryExisted(dataDir)) return; // a new library
  const what = size === 0 ? 'is empty (0 bytes)' : 'is missing';
  throw new GlimpseError('corrupt', `the catalog ${catalogPath} ${what}, but this data folder held a library; refusing to start a new one over it: ${REPAIR_HINT}`);
}
