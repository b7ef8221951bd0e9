// A damaged or emptied catalog is never taken for a new library: a 0-byte, missing or garbage
// catalog.sqlite beside a library that existed is refused with one line naming the repair, and
// `glimpse doctor --repair` moves it aside and restores the watched folders from folders.json.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { evalDir, repoRoot, tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const run = promisify(execFile);
const bin = join(repoRoot, 'bin/glimpse.mjs');
const lib = tempDir('glimpse-damaged-lib-');
let dataDir = '';
let cleanupData: () => Promise<void> = async () => undefined;

async function glimpse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, '--data-dir', dataDir, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const catalogPath = () => join(dataDir, 'catalog.sqlite');

async function indexFresh(): Promise<void> {
  const t = await openTestEngine({ dataDir });
  internals(t.engine).library.add(lib.path);
  await t.engine.indexNow();
  expect((await t.engine.status()).files.indexed).toBe(4);
  await t.engine.close();
}

beforeAll(async () => {
  const images = join(evalDir, 'caltech101-5pc/images');
  for (const f of readdirSync(images).filter((n) => n.endsWith('.jpg')).slice(0, 4)) copyFileSync(join(images, f), join(lib.path, f));
  const t = await openTestEngine();
  dataDir = t.dataDir;
  await t.engine.close();
  cleanupData = t.cleanup;
});
afterAll(async () => {
  await cleanupData().catch(() => undefined);
  lib.cleanup();
});

describe('damaged catalog', () => {
  it('a 0-byte catalog is refused with one line naming the repair, and left as it is', async () => {
    await indexFresh();
    expect(JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dataDir, 'folders.json'), 'utf8'))).folders).toHaveLength(1);
    truncateSync(catalogPath(), 0);
    const r = await glimpse('status');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is empty \(0 bytes\).*glimpse doctor --repair/);
    expect(statSync(catalogPath()).size).toBe(0);
    await expect(Engine.open({ dataDir, providers: ['cpu'] })).rejects.toMatchObject({ kind: 'corrupt' });
  }, 120_000);

  it('`glimpse doctor` reports it; `--repair` restores the folder list, re-scans and indexes the files again', async () => {
    const check = await glimpse('doctor');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/FAIL\s+catalog: .*empty/);
    const fix = await glimpse('doctor', '--repair');
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toMatch(/made a new catalog with 1 watched folders/);
    expect(fix.stdout).toMatch(/re-scanned 1 folders: 4 files indexed/);
    expect(readdirSync(dataDir).some((n) => n.startsWith('catalog.sqlite.damaged-'))).toBe(true);
    const t = await openTestEngine({ dataDir });
    try {
      expect(internals(t.engine).library.list().map((f) => f.path)).toEqual([lib.path]);
      expect((await t.engine.status()).files).toMatchObject({ indexed: 4, queued: 0 });
      expect(internals(t.engine).activeModel!.images.size).toBe(4);
    } finally {
      await t.engine.close();
    }
    const again = await glimpse('doctor', '--json');
    expect(again.code, again.stdout).toBe(0);
  }, 120_000);

  it('a missing or garbage catalog is refused too; a brand-new data dir is not', async () => {
    rmSync(catalogPath());
    await expect(Engine.open({ dataDir, providers: ['cpu'] })).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/is missing.*doctor/) });
    writeFileSync(catalogPath(), Buffer.alloc(8192, 0x5a));
    const r = await glimpse('search', 'cat');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a readable SQLite database.*glimpse doctor --repair/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const fresh = tempDir('glimpse-fresh-');
    const e = await Engine.open({ dataDir: fresh.path, providers: ['cpu'] });
    await e.close();
    expect(existsSync(join(fresh.path, 'catalog.sqlite'))).toBe(true);
    fresh.cleanup();
  }, 120_000);
});
