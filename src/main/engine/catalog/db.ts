// Opens the catalog SQLite file: pragmas (WAL, synchronous=NORMAL, foreign keys, busy timeout),
// then runs pending numbered migrations, each in its own transaction, tracked by user_version.
// A database written by a newer Glimpse (user_version above what we know) is refused with a clear
// error instead of being half-understood; a file that is not SQLite is reported as corrupt.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import { logger } from '../util/logger';
import { latestSchemaVersion, migrations } from './migrations/index';
import { foldText } from './text-fold';

const log = logger('catalog');

export interface OpenDbOptions {
  /** Open read-only (no migrations; fails if the schema is older than this build). */
  readonly?: boolean;
  /** Milliseconds a writer waits on a lock held by another connection. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, opts: OpenDbOptions = {}): Database.Database {
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new GlimpseError('io', `cannot open the catalog at ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32768'); // 32 MiB page cache
    registerFunctions(db);
    migrate(db, path, opts.readonly ?? false);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof GlimpseError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new GlimpseError('corrupt', `the catalog at ${path} is not a readable SQLite database (${code})`, { cause: err });
    }
    throw new GlimpseError('io', `cannot open the catalog at ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * SQL functions the schema's triggers call (migration 5): every connection that writes files or
 * chunks needs them, so they are registered here, before migrations run, on every open.
 */
export function registerFunctions(db: Database.Database): void {
  db.function('glimpse_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldText(text) : text));
}

/** Current schema version of an open database. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database.Database, path: string, readonly: boolean): void {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw new GlimpseError(
      'unsupported',
      `the catalog at ${path} was written by a newer version of Glimpse (schema ${current}; this version understands up to ${latestSchemaVersion}). ` +
        'Update Glimpse, or use another data folder.',
    );
  }
  if (current === latestSchemaVersion) return;
  if (readonly) {
    throw new GlimpseError('unsupported', `the catalog at ${path} has schema ${current} and needs migrating to ${latestSchemaVersion}; open it read-write once`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    // IMMEDIATE takes the write lock first; re-reading the version inside makes two processes
    // opening the same fresh file at once safe (the second sees the work done and skips it).
    const applied = db
      .transaction(() => {
        if (schemaVersion(db) >= m.version) return false;
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (applied) log.info(`migrated ${path} to schema ${m.version} (${m.name})`);
  }
}
