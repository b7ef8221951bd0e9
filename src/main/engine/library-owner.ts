// Opening a library as its one writer or as a reader: takes the data dir lock (util/data-dir-lock),
// refuses a damaged or emptied catalog instead of starting a new library over it
// (catalog/catalog-guard), opens the catalog — requeueing jobs a crash left 'running' only for the
// owner, so `glimpse status` never steals the running jobs of `glimpse serve` — and keeps the
// folder list's copy (folders.json) up to date.
import { GlimpseError } from '../../shared/errors';
import { Catalog } from './catalog';
import { checkCatalogFile, REPAIR_HINT, saveFoldersBackup } from './catalog';
import { lockDataDir, type DataDirLock, type LockRequest } from './util/data-dir-lock';
import type { DataDir } from './util/data-dir';
import { logger } from './util/logger';

const log = logger('library-owner');

export async function openLibraryCatalog(dirs: DataDir, req: LockRequest): Promise<{ catalog: Catalog; lock: DataDirLock | null }> {
  const lock = await lockDataDir(dirs.root, req);
  try {
    checkCatalogFile(dirs.root, dirs.catalogDb);
    let catalog: Catalog;
    try {
      catalog = Catalog.open(dirs.catalogDb, { recoverJobs: lock !== null });
    } catch (err) {
      if (err instanceof GlimpseError && err.kind === 'corrupt') throw new GlimpseError('corrupt', `${err.message}: ${REPAIR_HINT}`, { cause: err });
      throw err;
    }
    if (lock) keepFoldersBackup(dirs.root, catalog);
    return { catalog, lock };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** Rewrites folders.json when the folder list changed; a failure (read-only disk) is logged, not fatal. */
export function keepFoldersBackup(dataDir: string, catalog: Catalog): void {
  try {
    saveFoldersBackup(dataDir, catalog);
  } catch (err) {
    log.warn(`cannot keep the folder list beside the catalog: ${(err as Error).message}`);
  }
}
