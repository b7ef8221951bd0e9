import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { latestSchemaVersion, migrations } from '../../../src/main/engine/catalog/migrations/index';
import { GlimpseError } from '../../../src/shared/errors';
import { tempDir } from './helpers';

describe('catalog open + migrations', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function fresh(): string {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return join(t.dir, 'sub', 'catalog.sqlite');
  }

  it('creates the schema on a fresh file with the expected pragmas', () => {
    const path = fresh();
    const cat = Catalog.open(path);
    try {
      expect(cat.schemaVersion).toBe(latestSchemaVersion);
      expect(cat.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(cat.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(cat.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(cat.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      const tables = cat.db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name`).pluck().all() as string[];
      for (const t of ['folders', 'contents', 'files', 'image_meta', 'thumbnails', 'chunks', 'ocr_lines', 'image_vectors', 'chunk_vectors', 'jobs', 'settings', 'kw', 'kw_names']) {
        expect(tables).toContain(t);
      }
    } finally {
      cat.close();
    }
  });

  it('migration 7 carries the per-content flags out of settings into columns, and drops the keys', () => {
    const path = fresh();
    Catalog.open(path).close(); // creates the folder
    // A catalog as version 6 left it: the flags as settings keys.
    const old = join(path, '..', 'v6.sqlite');
    const db = new Database(old);
    db.function('glimpse_fold', { deterministic: true }, (t: unknown) => t);
    for (const m of migrations.filter((x) => x.version <= 6)) db.exec(m.sql);
    db.pragma('user_version = 6');
    const ids = [1, 2, 3].map((i) => Number(db.prepare("INSERT INTO contents(hash, kind, bytes) VALUES (?, 'document', 1)").run(`h${i}`).lastInsertRowid));
    const put = db.prepare("INSERT INTO settings(key, value) VALUES (?, '1')");
    put.run(`doc-empty:${ids[0]}`);
    put.run(`doc-empty:${ids[1]}`);
    put.run(`ocr-checked:${ids[1]}`);
    put.run('doc-empty:999'); // a content that is gone: its key just goes
    db.close();
    const cat = Catalog.open(old);
    try {
      expect(cat.schemaVersion).toBe(latestSchemaVersion);
      expect(ids.map((id) => cat.contents.isTextEmpty(id))).toEqual([true, true, false]);
      const checked = cat.db.prepare('SELECT id FROM contents WHERE scan_checked = 1').pluck().all();
      expect(checked).toEqual([ids[1]]);
      expect(cat.db.prepare("SELECT count(*) FROM settings WHERE key GLOB 'doc-empty:*' OR key GLOB 'ocr-checked:*'").pluck().get()).toBe(0);
      // The flag follows its content: set and cleared by re-indexing, gone with the row.
      cat.contents.setTextEmpty(ids[0]!, false);
      expect(cat.contents.isTextEmpty(ids[0]!)).toBe(false);
    } finally {
      cat.close();
    }
  });

  it('is idempotent on reopen and keeps data', () => {
    const path = fresh();
    const a = Catalog.open(path);
    a.folders.add('/photos');
    a.settings.set('activeModel', { name: 'ViT-B-32' });
    a.close();
    const b = Catalog.open(path);
    try {
      expect(b.schemaVersion).toBe(latestSchemaVersion);
      expect(b.folders.list().map((f) => f.path)).toEqual(['/photos']);
      expect(b.settings.get('activeModel')).toEqual({ name: 'ViT-B-32' });
    } finally {
      b.close();
    }
  });

  it('two connections opening the same fresh file both succeed', () => {
    const path = fresh();
    const a = Catalog.open(path);
    const b = Catalog.open(path, { recoverJobs: false });
    expect(b.schemaVersion).toBe(latestSchemaVersion);
    a.folders.add('/x');
    expect(b.folders.list()).toHaveLength(1);
    a.close();
    b.close();
  });

  it('refuses a catalog written by a newer version with a clear error', () => {
    const path = fresh();
    Catalog.open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    let err: unknown;
    try {
      Catalog.open(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GlimpseError);
    expect((err as GlimpseError).kind).toBe('unsupported');
    expect((err as GlimpseError).message).toMatch(/newer version of Glimpse/);
  });

  it('reports a file that is not SQLite as corrupt', () => {
    const path = fresh();
    Catalog.open(path).close(); // creates the folder
    const bad = join(path, '..', 'bad.sqlite');
    writeFileSync(bad, 'this is not a database, just text '.repeat(200));
    expect(() => Catalog.open(bad)).toThrowError(expect.objectContaining({ kind: 'corrupt' }));
  });

  it('settings round-trip JSON values and delete', () => {
    const path = fresh();
    const cat = Catalog.open(path);
    cat.settings.set('n', 3);
    cat.settings.set('o', { a: [1, 2] });
    expect(cat.settings.get<number>('n')).toBe(3);
    expect(cat.settings.get('o')).toEqual({ a: [1, 2] });
    cat.settings.delete('n');
    expect(cat.settings.get('n')).toBeUndefined();
    cat.close();
  });
});
