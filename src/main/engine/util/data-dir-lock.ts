// One writer per data dir: an OS-level lock file (`engine.lock`, created with O_EXCL) that names
// its owner (pid, host, command, start time). The owner indexes, requeues crashed jobs, watches;
// any other process opens the library read-only in spirit (search, status) or waits / refuses with
// one clear line. A lock whose process is gone (kill -9, power loss) is taken over; the takeover
// itself is serialised by a second O_EXCL file so two newcomers cannot both win.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { GlimpseError } from '../../../shared/errors';

export const LOCK_FILE = 'engine.lock';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** serve, watch, the app: they hold the library until stopped, so a newcomer does not wait for them. */
  longRunning?: boolean;
  /** The owner's start time as the kernel counts it (Linux): a recycled pid is not mistaken for the owner. */
  procStart?: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): void;
}

/** True when `pid` names a live process on this machine (EPERM: alive, someone else's). */
function alive(pid: number, procStart?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Same pid, other start time: the owner died and the pid went to another process.
  const now = procStart ? processStartTime(pid) : undefined;
  return !(procStart && now && now !== procStart);
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function readLockOwner(dataDir: string): LockOwner | null {
  return readOwnerFile(join(dataDir, LOCK_FILE));
}

function readOwnerFile(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid !== 'number') return null;
    return {
      pid: o.pid,
      host: String(o.host ?? ''),
      command: String(o.command ?? 'glimpse'),
      startedAt: String(o.startedAt ?? ''),
      longRunning: o.longRunning === true,
      ...(typeof o.procStart === 'string' ? { procStart: o.procStart } : {}),
    };
  } catch {
    return null;
  }
}

/** The owner of a data dir's lock if that process still runs (same host), else null. */
export function liveLockOwner(dataDir: string): LockOwner | null {
  const o = readLockOwner(dataDir);
  if (!o) return null;
  if (o.host && o.host !== hostname()) return o; // another machine (shared drive): cannot check, assume alive
  return o.pid === process.pid || alive(o.pid, o.procStart) ? o : null;
}

function createExclusive(path: string, body: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * True when a lock (or takeover) file's owner is gone. An unreadable file is one being written
 * this instant (open, then write) unless it is older than UNREADABLE_STALE_MS (a crash mid-write).
 */
function isStale(file: string): boolean {
  const o = readOwnerFile(file);
  if (o) return !(o.pid === process.pid || (o.host !== '' && o.host !== hostname()) || alive(o.pid, o.procStart));
  try {
    return Date.now() - statSync(file).mtimeMs > UNREADABLE_STALE_MS;
  } catch {
    return false; // gone already: nothing to take over
  }
}

const UNREADABLE_STALE_MS = 10_000;

/** One attempt: the lock, or the live owner that holds it. */
export function tryLockDataDir(dataDir: string, command: string, longRunning = false): DataDirLock | LockOwner {
  const path = join(dataDir, LOCK_FILE);
  const procStart = processStartTime(process.pid);
  const owner: LockOwner = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString(), longRunning, ...(procStart ? { procStart } : {}) };
  const body = JSON.stringify(owner) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, body)) return makeLock(path, owner);
    if (!isStale(path)) break;
    // The owner is gone (kill -9, power loss): take the lock over under a mutex, so two newcomers
    // cannot both remove a stale lock and one of them the other's fresh one.
    const takeover = `${path}.takeover`;
    if (!createExclusive(takeover, body)) {
      // A takeover left by a process that died in those few milliseconds goes too.
      if (isStale(takeover)) unlinkQuiet(takeover);
      continue;
    }
    try {
      if (isStale(path)) unlinkQuiet(path);
    } finally {
      unlinkQuiet(takeover);
    }
  }
  // Held (or being taken by another newcomer right now): the caller waits or refuses.
  return readLockOwner(dataDir) ?? { pid: 0, host: hostname(), command: 'another Glimpse process', startedAt: '' };
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}

function makeLock(path: string, owner: LockOwner): DataDirLock {
  let released = false;
  const onExit = (): void => release();
  function release(): void {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    // Only our own lock: never delete one a takeover gave to someone else.
    try {
      const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
      if (o.pid === owner.pid && o.startedAt === owner.startedAt) unlinkSync(path);
    } catch {}
  }
  process.on('exit', onExit);
  return { path, owner, release };
}

export function isLock(x: DataDirLock | LockOwner): x is DataDirLock {
  return 'release' in x;
}

/** "glimpse index (pid 123, since 09:12:03)" */
export function describeOwner(o: LockOwner): string {
  if (o.pid === 0) return o.command;
  const since = o.startedAt ? `, since ${o.startedAt.slice(11, 19)} UTC` : '';
  return `${o.command} (pid ${o.pid}${o.host && o.host !== hostname() ? ` on ${o.host}` : ''}${since})`;
}

export interface LockRequest {
  /** What the owner is, for the message others see ("glimpse index", "glimpse serve", "the Glimpse app"). */
  command: string;
  longRunning?: boolean;
  /** A reader (search, status): takes the lock when free, else opens without it (never waits). */
  readOnly?: boolean;
  /** How long a writer waits for a one-shot owner (`glimpse index`) to finish. Default 10 minutes. */
  waitMs?: number;
  /** Told once when the writer starts waiting. */
  onWait?: (owner: LockOwner) => void;
}

/**
 * Takes the lock for an engine. Readers get null when someone else owns the library. Writers wait
 * while a one-shot owner works (up to waitMs) and are refused at once, with one line naming the
 * owner, when it is a long-running one (serve, watch, the app): GlimpseError('busy').
 */
export async function lockDataDir(dataDir: string, req: LockRequest): Promise<DataDirLock | null> {
  const deadline = Date.now() + (req.waitMs ?? 600_000);
  let told = false;
  for (;;) {
    const got = tryLockDataDir(dataDir, req.command, req.longRunning ?? false);
    if (isLock(got)) return got;
    if (req.readOnly) return null;
    // Waiting on ourselves (a second engine on the same library in one process) would never end.
    if (got.pid === process.pid && got.host === hostname()) throw new GlimpseError('busy', `the library in ${dataDir} is already open in this process`);
    if (got.longRunning || Date.now() >= deadline) {
      const hint = got.longRunning ? 'stop it first, or add folders from it (the app or the browser page)' : 'try again when it has finished';
      throw new GlimpseError('busy', `the library in ${dataDir} is in use by ${describeOwner(got)}: ${hint}`);
    }
    if (!told) {
      told = true;
      req.onWait?.(got);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
