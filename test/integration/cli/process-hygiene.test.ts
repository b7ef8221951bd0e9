// Process hygiene, with real processes: a 30 KB argument meets the argument limit before any
// native library loads (it crashed onnxruntime with SIGSEGV); `serve` on a port in use exits
// non-zero with one line; `--data-dir /proc/x` fails at once; disk full / read-only / locked
// errors read as one plain line (real ENOSPC from /dev/full, real SQLITE_READONLY and SQLITE_BUSY);
// onnxruntime writes no telemetry under $HOME.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPlainIoError } from '../../../src/main/engine/util/io-errors';
import { repoRoot, tempDir, tinyPackDir } from '../../helpers/paths';

const exec = promisify(execFile);
const bin = join(repoRoot, 'bin/glimpse.mjs');
const data = tempDir('glimpse-hygiene-');
const home = tempDir('glimpse-hygiene-home-');

async function glimpse(args: string[], env: Record<string, string> = {}, timeout = 60_000): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  try {
    const r = await exec(process.execPath, [bin, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu', ...env }, timeout, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
  } catch (err) {
    const e = err as { code: number; signal?: string; stdout: string; stderr: string };
    return { code: e.signal ? 128 + 11 : e.code, stdout: e.stdout, stderr: e.stderr, ms: Date.now() - t0 };
  }
}

const oneLine = (s: string) => {
  expect(s.trim().split('\n'), s).toHaveLength(1);
  expect(s).not.toMatch(/^\s+at /m);
};

beforeAll(async () => {
  // HOME points at an empty folder for every process here, so onnxruntime's telemetry would show.
  const r = await glimpse(['--data-dir', data.path, 'models', 'import', tinyPackDir], { HOME: home.path });
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  data.cleanup();
  home.cleanup();
});

describe('process hygiene', () => {
  it('a 30 KB query gets the limit error, not a crash', async () => {
    const r = await glimpse(['--data-dir', data.path, 'search', 'a'.repeat(30_000)], { HOME: home.path });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/30000 characters long; the limit is 4096/);
    const ok = await glimpse(['--data-dir', data.path, 'search', 'b'.repeat(3000)], { HOME: home.path });
    expect(ok.code).toBe(1);
    expect(ok.stderr).toMatch(/2000 characters/);
  }, 120_000);

  it('an unknown option (`similar --everything`) is refused, not accepted and ignored', async () => {
    // (`--all` became a real option of similar: the weaker matches, as in the app.)
    const r = await glimpse(['--data-dir', data.path, 'similar', 'x.jpg', '--everything'], { HOME: home.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--everything'/);
  }, 60_000);

  it('`serve` on a port in use exits non-zero with one line', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    const staticDir = tempDir('glimpse-hygiene-static-');
    writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html>');
    try {
      const r = await glimpse(['--data-dir', data.path, 'serve', '--no-index', '--port', String(port), '--static-dir', staticDir.path], { HOME: home.path }, 60_000);
      expect(r.code).toBe(1);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      // The lock went with it: the library is free for the next writer.
      expect(existsSync(join(data.path, 'engine.lock'))).toBe(false);
    } finally {
      blocker.close();
      staticDir.cleanup();
    }
  }, 90_000);

  it('`--data-dir /proc/x` fails at once with one line', async () => {
    const r = await glimpse(['--data-dir', '/proc/x', 'status'], {}, 20_000);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/cannot create the data folder \/proc\/x/);
    const f = await glimpse(['--data-dir', '/etc/hostname/x', 'status'], {}, 20_000);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/is not a folder/);
  }, 60_000);

  it('disk full, read-only and locked read as plain messages', () => {
    let full: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (err) {
      full = err;
    }
    expect(asPlainIoError(full)?.message).toMatch(/^the disk is full/);
    const dir = tempDir('glimpse-hygiene-db-');
    const path = join(dir.path, 'x.sqlite');
    const w = new Database(path);
    w.exec('CREATE TABLE t(x)');
    const ro = new Database(path, { readonly: true });
    let readonly: unknown;
    try {
      ro.exec('INSERT INTO t VALUES (1)');
    } catch (err) {
      readonly = err;
    }
    expect(asPlainIoError(readonly)?.message).toMatch(/read-only/);
    const other = new Database(path, { timeout: 0 });
    w.exec('BEGIN EXCLUSIVE');
    let busy: unknown;
    try {
      other.exec('INSERT INTO t VALUES (2)');
    } catch (err) {
      busy = err;
    }
    w.exec('COMMIT');
    expect(asPlainIoError(busy)).toMatchObject({ kind: 'busy', message: 'the catalog is locked by another program' });
    for (const db of [w, ro, other]) db.close();
    dir.cleanup();
  });

  it('onnxruntime writes no telemetry under $HOME (CLI and an in-process engine)', async () => {
    const r = await glimpse(['--data-dir', data.path, 'embed', '--text', 'a dog'], { HOME: home.path });
    expect(r.code, r.stderr).toBe(0);
    // An engine imported by a plain script (as the app's engine process does), without the CLI's env.
    const script = join(home.path, 'open-engine.mts');
    mkdirSync(home.path, { recursive: true });
    writeFileSync(
      script,
      `import { Engine } from ${JSON.stringify(join(repoRoot, 'src/main/engine/engine.ts'))};\n` +
        `const e = await Engine.open({ dataDir: ${JSON.stringify(data.path)}, providers: ['cpu'] });\n` +
        `await e.search({ query: 'a dog', filters: { type: 'all' } });\nawait e.close();\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home.path };
    delete env.ORT_DISABLE_TELEMETRY;
    await exec(process.execPath, ['--import', 'tsx', script], { env, cwd: repoRoot });
    expect(readdirSync(home.path).filter((n) => n !== 'open-engine.mts')).toEqual([]);
  }, 120_000);
});
