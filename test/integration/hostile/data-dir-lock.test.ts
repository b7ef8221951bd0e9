// The data dir lock with real processes: a lock left by a dead process is taken over, as is one
// whose pid now belongs to another program (start time differs); a lock being written right now
// (empty file) is not; and eight processes racing for a stale lock produce exactly one owner.
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isLock, LOCK_FILE, processStartTime, tryLockDataDir } from '../../../src/main/engine/util/data-dir-lock';
import { repoRoot, tempDir } from '../../helpers/paths';

const exec = promisify(execFile);
const dirs: { cleanup: () => void }[] = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));

function lockDir(): string {
  const d = tempDir('glimpse-lock-');
  dirs.push(d);
  return d.path;
}

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

const staleLock = (dir: string, pid: number, procStart?: string) =>
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: '', command: 'glimpse index', startedAt: new Date().toISOString(), ...(procStart ? { procStart } : {}) }));

describe('data dir lock', () => {
  it('takes over a lock whose process is gone, or whose pid went to another program', async () => {
    const dir = lockDir();
    staleLock(dir, await deadPid());
    const a = tryLockDataDir(dir, 'test');
    expect(isLock(a)).toBe(true);
    if (isLock(a)) a.release();

    const sleeper = spawn('sleep', ['30']);
    try {
      staleLock(dir, sleeper.pid!, '1'); // the pid is alive, but it started at another time
      const b = tryLockDataDir(dir, 'test');
      expect(isLock(b)).toBe(true);
      if (isLock(b)) b.release();
      staleLock(dir, sleeper.pid!, processStartTime(sleeper.pid!)); // really that process
      const c = tryLockDataDir(dir, 'test');
      expect(isLock(c)).toBe(false);
      expect(c).toMatchObject({ pid: sleeper.pid, command: 'glimpse index' });
    } finally {
      sleeper.kill();
    }
  });

  it('leaves a lock that is being written alone, and takes over one a crash left half-written', () => {
    const dir = lockDir();
    const path = join(dir, LOCK_FILE);
    closeSync(openSync(path, 'w'));
    expect(isLock(tryLockDataDir(dir, 'test'))).toBe(false);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const got = tryLockDataDir(dir, 'test');
    expect(isLock(got)).toBe(true);
    if (isLock(got)) got.release();
  });

  it('eight processes racing for a stale lock: exactly one owner', async () => {
    const dir = lockDir();
    staleLock(dir, await deadPid());
    const script = join(dir, 'race.mts');
    writeFileSync(
      script,
      `import { isLock, tryLockDataDir } from ${JSON.stringify(join(repoRoot, 'src/main/engine/util/data-dir-lock.ts'))};\n` +
        `const goAt = Number(process.argv[2]);\nwhile (Date.now() < goAt) {}\n` +
        `const got = tryLockDataDir(${JSON.stringify(dir)}, 'racer');\n` +
        `console.log(isLock(got) ? 'won' : 'lost');\nawait new Promise((r) => setTimeout(r, 1500));\nif (isLock(got)) got.release();\n`,
    );
    const goAt = String(Date.now() + 8000);
    const outs = await Promise.all(Array.from({ length: 8 }, () => exec(process.execPath, ['--import', 'tsx', script, goAt], { cwd: repoRoot })));
    const results = outs.map((o) => o.stdout.trim());
    console.log(`lock race: ${results.join(' ')}`);
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'lost')).toHaveLength(7);
  }, 60_000);
});
