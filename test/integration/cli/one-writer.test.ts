// One writer per data dir, with real processes: two `glimpse index` runs started together on one
// library index every file exactly once (the second waits for the first, then finds nothing to
// do), no "database is locked"; `glimpse status` while an index runs does not put its running jobs
// back; a writer meeting a running `glimpse serve` is refused at once with one line.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { evalDir, repoRoot, tempDir, tinyPackDir } from '../../helpers/paths';
import { internals } from '../../helpers/engine-internals';

const bin = join(repoRoot, 'bin/glimpse.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(dataDir: string, args: string[]): { done: Promise<Run>; kill: () => void; stdoutSoFar: () => string } {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, kill: () => child.kill('SIGTERM'), stdoutSoFar: () => stdout };
}

const run = (dataDir: string, ...args: string[]): Promise<Run> => start(dataDir, args).done;

const data = tempDir('glimpse-one-writer-');
const lib = tempDir('glimpse-one-writer-lib-');
const images = join(evalDir, 'coco2017-mini80', 'images');
let fileCount = 0;

beforeAll(async () => {
  const r = await run(data.path, 'models', 'import', tinyPackDir);
  expect(r.code, r.stderr).toBe(0);
  for (const f of readdirSync(images)) cpSync(join(images, f), join(lib.path, f));
  mkdirSync(join(lib.path, 'copies'));
  for (const f of readdirSync(images).slice(0, 40)) cpSync(join(images, f), join(lib.path, 'copies', `c-${f}`));
  fileCount = readdirSync(lib.path).length - 1 + 40;
}, 120_000);
afterAll(() => {
  data.cleanup();
  lib.cleanup();
});

describe('one writer per data dir', () => {
  it('two concurrent `glimpse index` runs index every file exactly once', async () => {
    const a = start(data.path, ['index', lib.path, '--json']);
    await new Promise((r) => setTimeout(r, 300));
    const b = start(data.path, ['index', lib.path, '--json']);
    // Reads beside the running writer: they must not requeue its running jobs.
    const statuses: Run[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      statuses.push(await run(data.path, 'status', '--json'));
    }
    const [ra, rb] = await Promise.all([a.done, b.done]);
    for (const r of [ra, rb, ...statuses]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/database is locked|internal|at .*\.ts:\d+/);
    }
    const sa = JSON.parse(ra.stdout) as { indexed: number; failed: unknown[]; totals: { indexed: number; queued: number; failed: number } };
    const sb = JSON.parse(rb.stdout) as { indexed: number; failed: unknown[]; totals: { indexed: number } };
    const waited = [ra, rb].map((r) => /glimpse: waiting for .*/.exec(r.stderr)?.[0]).filter(Boolean);
    console.log(`two index runs: indexed ${sa.indexed} and ${sb.indexed} of ${fileCount} files; ${waited.join('; ')}`);
    // Whichever came second (or met a status holding the lock for a moment) said so and waited.
    expect(waited.length).toBeGreaterThanOrEqual(1);
    expect(sa.failed).toEqual([]);
    expect(sb.failed).toEqual([]);
    expect(sa.indexed + sb.indexed).toBe(fileCount);
    expect(Math.max(sa.totals.indexed, sb.totals.indexed)).toBe(fileCount);
    const st = JSON.parse((await run(data.path, 'status', '--json')).stdout) as { files: { indexed: number; queued: number; failed: number } };
    expect(st.files).toMatchObject({ indexed: fileCount, queued: 0, failed: 0 });
  }, 300_000);

  it("`glimpse status` and `search` beside the owner leave its running jobs running", async () => {
    const owner = await Engine.open({ dataDir: data.path, providers: ['cpu'], ocr: false });
    try {
      const extra = join(data.path, '..', `${basename(data.path)}-extra`);
      mkdirSync(extra);
      for (const f of readdirSync(images).slice(0, 6)) cpSync(join(images, f), join(extra, `x-${f}`));
      await owner.pause(); // the owner's indexer waits: its batch in flight is claimed by hand below
      internals(owner).library.add(extra);
      await internals(owner).library.scan(extra);
      const claimed = internals(owner).catalog.jobs.claim(100);
      expect(claimed.length).toBe(6);
      for (const args of [['status', '--json'], ['search', 'dog', '--json']]) {
        const r = await run(data.path, ...args);
        expect(r.code, r.stderr).toBe(0);
      }
      expect(internals(owner).catalog.jobs.counts()).toMatchObject({ running: 6, pending: 0 });
      internals(owner).catalog.jobs.release(claimed.map((j) => j.jobId));
      await internals(owner).library.remove(extra);
      rmSync(extra, { recursive: true, force: true });
    } finally {
      await owner.close();
    }
  }, 120_000);

  it('a writer meeting a running `glimpse serve` is refused at once with one line; reads still work', async () => {
    const staticDir = tempDir('glimpse-static-');
    writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>t</title>');
    const serve = start(data.path, ['serve', '--no-index', '--port', '0', '--static-dir', staticDir.path, '--json']);
    try {
      for (let i = 0; i < 200 && !serve.stdoutSoFar().includes('"url"'); i++) await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      const idx = await run(data.path, 'index', lib.path);
      expect(idx.code).toBe(1);
      expect(idx.stderr.trim().split('\n')).toHaveLength(1);
      expect(idx.stderr).toMatch(/in use by glimpse serve \(pid \d+/);
      expect(Date.now() - t0).toBeLessThan(20_000);
      const st = await run(data.path, 'status', '--json');
      expect(st.code, st.stderr).toBe(0);
    } finally {
      serve.kill();
      const r = await serve.done;
      expect(r.code).toBe(0);
      staticDir.cleanup();
    }
    // The lock went with serve: a writer gets it again.
    const again = await run(data.path, 'folders', 'add', lib.path);
    expect(again.code, again.stderr).toBe(0);
  }, 120_000);
});
