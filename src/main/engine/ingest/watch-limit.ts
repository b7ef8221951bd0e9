// What the OS watcher could not cover. On Linux every watched folder and file costs one inotify
// watch (chokidar 5 watches both), and the per-user limit (fs.inotify.max_user_watches: 8192 on
// older systems, ~65k-200k on newer ones) runs out long before a 250k-file library is covered: each
// fs.watch past it throws ENOSPC (EMFILE when the instance limit is hit). The folders that failed are
// recorded here; the library keeps the watches it got (those folders still update in about a
// second) and rescans the rest on a timer, so the catalog stays right, only slower to follow. The
// earlier answer, chokidar's polling mode, stat'ed every file every second: at 250k files that is
// a core busy forever. `status` carries `describe()`: the state, how much is unwatched, and the
// command that raises the limit.
import { lstatSync, readFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { WatchStatus } from '../../../shared/contract';

/** Error codes of a watch that the OS refused for lack of resources (not a missing path). */
const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE']);

export function isWatchLimitError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && LIMIT_CODES.has(code);
}

/** The inotify watch limit of this system, or null off Linux / when unreadable. */
export function inotifyWatchLimit(platform: NodeJS.Platform = process.platform): number | null {
  if (platform !== 'linux') return null;
  try {
    const n = Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** The command that raises the limit for good (524288 watches cost at most ~0.5 GB of kernel memory, only when used). */
export const RAISE_LIMIT_COMMAND =
  "echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/60-glimpse-inotify.conf && sudo sysctl --system";

/** The smallest set of folders whose subtrees cover every given folder (a parent covers its children). */
export function minimalCover(dirs: Iterable<string>): string[] {
  const sorted = [...new Set(dirs)].sort();
  const out: string[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && (d === last || d.startsWith(last.endsWith(sep) ? last : last + sep))) continue;
    out.push(d);
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

export class WatchLimitTracker {
  /** Per watched root: the folders whose watch was refused. */
  private readonly unwatched = new Map<string, Set<string>>();
  private firstCode: string | null = null;
  lastRescanAt: string | null = null;
  lastRescanMs: number | null = null;

  constructor(readonly rescanEveryMs: number) {}

  /**
   * Records a refused watch. `err.path` is what fs.watch was asked to watch: a folder, or a file
   * (chokidar watches files too), whose folder is then rescanned. Returns the folder recorded.
   */
  record(root: string, err: NodeJS.ErrnoException): string {
    this.firstCode ??= err.code ?? 'ENOSPC';
    let dir = typeof err.path === 'string' && err.path ? err.path : root;
    if (dir !== root && !dir.startsWith(root + sep)) dir = root;
    // A refused file watch: its folder's listing is what a rescan reads (one lstat per refusal).
    if (dir !== root && !isDirectory(dir)) dir = dirname(dir);
    let set = this.unwatched.get(root);
    if (!set) {
      set = new Set();
      this.unwatched.set(root, set);
    }
    set.add(dir);
    return dir;
  }

  forget(root: string): void {
    this.unwatched.delete(root);
  }

  /** Roots with unwatched folders, each with the folders to rescan (minimal cover). */
  parts(): { root: string; dirs: string[] }[] {
    return [...this.unwatched].filter(([, s]) => s.size > 0).map(([root, s]) => ({ root, dirs: minimalCover(s) }));
  }

  get limited(): boolean {
    return this.parts().length > 0;
  }

  describe(watching: boolean, platform: NodeJS.Platform = process.platform): WatchStatus {
    if (!watching) return { state: 'off', unwatchedFolders: 0, rescanEverySeconds: null, lastRescanAt: null, limit: null, fix: null, message: null };
    const parts = this.parts();
    if (!parts.length) return { state: 'events', unwatchedFolders: 0, rescanEverySeconds: null, lastRescanAt: null, limit: inotifyWatchLimit(platform), fix: null, message: null };
    const folders = parts.reduce((n, p) => n + p.dirs.length, 0);
    const limit = inotifyWatchLimit(platform);
    const linux = platform === 'linux';
    const what = this.firstCode === 'EMFILE' ? 'open-file limit' : linux ? `file watch limit${limit !== null ? ` (${limit} watches)` : ''}` : 'file watch limit';
    return {
      state: 'partial',
      unwatchedFolders: folders,
      rescanEverySeconds: Math.round(this.rescanEveryMs / 1000),
      lastRescanAt: this.lastRescanAt,
      limit,
      fix: linux && this.firstCode !== 'EMFILE' ? RAISE_LIMIT_COMMAND : null,
      message:
        `The system's ${what} was reached: ${folders} folder${folders === 1 ? '' : 's'} are not watched and are rescanned every ` +
        `${Math.round(this.rescanEveryMs / 60_000) || 1} min instead, so changes there show up later.` +
        (linux && this.firstCode !== 'EMFILE' ? ' Raise the limit, then restart Glimpse.' : ''),
    };
  }
}
