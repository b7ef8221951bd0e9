// `glimpse doctor`: checks a library (catalog file present and non-empty, SQLite integrity, the
// kept folder list, who holds the lock) and, with --repair, brings it back: a damaged catalog is
// moved aside (never deleted) and a new one is made with the folders from folders.json, ready for
// `glimpse index` to re-scan; a healthy one gets its vector indexes rebuilt from SQLite.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import type { DataDir } from '../util/data-dir';
import { liveLockOwner, lockDataDir, describeOwner } from '../util/data-dir-lock';
import { Catalog } from './catalog';
import { readFoldersBackup, saveFoldersBackup } from './catalog-guard';

export interface DoctorFinding {
  ok: boolean;
  check: string;
  detail: string;
}

export interface DoctorReport {
  healthy: boolean;
  catalogDamaged: boolean;
  findings: DoctorFinding[];
}

/** Runs the checks without writing anything. */
export function examineLibrary(dirs: DataDir): DoctorReport {
  const findings: DoctorFinding[] = [];
  let damaged = false;
  const size = existsSync(dirs.catalogDb) ? statSync(dirs.catalogDb).size : null;
  const backup = readFoldersBackup(dirs.root);
  if (size === null) {
    damaged = backup !== null;
    findings.push({ ok: !damaged, check: 'catalog', detail: `${dirs.catalogDb} is missing${damaged ? '' : ' (a new library)'}` });
  } else if (size === 0) {
    damaged = true;
    findings.push({ ok: false, check: 'catalog', detail: `${dirs.catalogDb} is empty (0 bytes)` });
  } else {
    const problem = integrityProblem(dirs.catalogDb);
    damaged = problem !== null;
    findings.push({ ok: !damaged, check: 'catalog', detail: problem ?? `integrity check passed (${(size / 1e6).toFixed(1)} MB)` });
    if (!damaged) {
      const cat = Catalog.open(dirs.catalogDb, { readonly: true });
      try {
        const n = cat.folders.list().length;
        const kept = backup?.folders.length;
        findings.push({ ok: kept === n, check: 'folder list copy', detail: kept === undefined ? 'folders.json is missing (written at the next open)' : `${kept} folders kept, ${n} in the catalog` });
      } catch (err) {
        findings.push({ ok: false, check: 'folder list copy', detail: (err as Error).message });
      } finally {
        cat.close();
      }
    }
  }
  if (damaged) findings.push({ ok: backup !== null, check: 'folder list copy', detail: backup ? `${backup.folders.length} folders kept in folders.json (${backup.savedAt})` : 'no folders.json: the folders must be added again' });
  const owner = liveLockOwner(dirs.root);
  findings.push({ ok: true, check: 'owner', detail: owner ? `in use by ${describeOwner(owner)}` : 'not in use' });
  return { healthy: findings.every((f) => f.ok), catalogDamaged: damaged, findings };
}

function integrityProblem(path: string): string | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
    const bad = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    return bad.length ? `integrity check failed: ${bad.slice(0, 3).join('; ')}` : null;
  } catch (err) {
    return `not a readable SQLite database (${(err as { code?: string }).code ?? (err as Error).message})`;
  } finally {
    db?.close();
  }
}

/** Removes the vector index files: they are rebuilt from the catalog's vectors at the next open. */
function dropVectorIndexes(dirs: DataDir): number {
  let n = 0;
  if (!existsSync(dirs.indexesDir)) return 0;
  for (const name of readdirSync(dirs.indexesDir)) {
    if (/\.(hnsw|meta\.json)$/.test(name) || name.includes('.hnsw.tmp-')) {
      rmSync(join(dirs.indexesDir, name), { force: true });
      n++;
    }
  }
  return n;
}

/** Repairs what examineLibrary found (takes the lock: refused while another process owns the library). */
export async function repairLibrary(dirs: DataDir): Promise<{ actions: string[] }> {
  const lock = await lockDataDir(dirs.root, { command: 'glimpse doctor --repair', waitMs: 0 });
  if (!lock) throw new GlimpseError('busy', 'the library is in use');
  try {
    const report = examineLibrary(dirs);
    const actions: string[] = [];
    if (report.catalogDamaged) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const suffix of ['', '-wal', '-shm']) {
        const p = dirs.catalogDb + suffix;
        if (existsSync(p)) {
          renameSync(p, `${dirs.catalogDb}.damaged-${stamp}${suffix}`);
          if (suffix === '') actions.push(`moved the damaged catalog to ${dirs.catalogDb}.damaged-${stamp}`);
        }
      }
      const dropped = dropVectorIndexes(dirs);
      if (dropped) actions.push(`removed ${dropped} vector index files (their vectors were in the damaged catalog)`);
      const backup = readFoldersBackup(dirs.root);
      const cat = Catalog.open(dirs.catalogDb);
      try {
        for (const f of backup?.folders ?? []) cat.folders.add(f.path);
        saveFoldersBackup(dirs.root, cat);
        actions.push(`made a new catalog with ${backup?.folders.length ?? 0} watched folders from folders.json`);
      } finally {
        cat.close();
      }
    } else {
      const dropped = dropVectorIndexes(dirs);
      const cat = Catalog.open(dirs.catalogDb);
      try {
        saveFoldersBackup(dirs.root, cat);
      } finally {
        cat.close();
      }
      actions.push(`catalog is sound; ${dropped} vector index files removed, to be rebuilt from the catalog`);
    }
    return { actions };
  } finally {
    lock.release();
  }
}
