// Watches a folder tree with one OS watch per folder (Linux inotify), or one recursive watch for the
// whole tree where the OS has one (macOS FSEvents, Windows ReadDirectoryChangesW, both behind
// fs.watch(root, { recursive: true })). chokidar 5 watches every file as well as every folder: a
// 250k-file library needed 255k inotify watches (past every default limit, ENOSPC) and as many
// FSWatcher objects; watching folders only needs one per ~50 files, because a folder's watch
// reports changes to the files in it.
//
// Events, for Library: 'add' (path, stats: a file or link appeared or changed: Library treats
// both alike), 'unlink' (path), 'unlinkDir' (path), 'error' (err: a refused watch carries err.path),
// 'ready'. A path's events are debounced by `settleMs` (a file being written keeps resetting the
// timer, as chokidar's awaitWriteFinish did), then the path is lstat'ed once to see what it is now.
// Folder links are never followed (lstat), as before.
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher, type Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

export interface TreeWatcherOptions {
  /** True for paths not to watch or report (ignore rules, Glimpse's data folder). */
  ignored: (path: string, isDir: boolean) => boolean;
  /** Quiet time after a path's last event before it is looked at (ms). */
  settleMs: number;
  /** One recursive OS watch for the tree (macOS, Windows). Default: per platform. */
  recursive?: boolean;
}

const WALK_CONCURRENCY = 16;

export const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';

export class TreeWatcher extends EventEmitter {
  /** Folders known under the root; the value is the folder's own watch (null: refused or covered by the recursive one). */
  private readonly dirs = new Map<string, FSWatcher | null>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private rootWatch: FSWatcher | null = null;
  private closed = false;
  private readonly recursive: boolean;

  constructor(
    readonly root: string,
    private readonly opts: TreeWatcherOptions,
  ) {
    super();
    this.recursive = opts.recursive ?? NATIVE_RECURSIVE;
  }

  /** Number of OS watches held. */
  get watchCount(): number {
    if (this.recursive) return this.rootWatch ? 1 : 0;
    let n = 0;
    for (const w of this.dirs.values()) if (w) n++;
    return n;
  }

  /** Walks the tree and watches it; 'ready' follows. */
  async start(): Promise<void> {
    if (this.recursive) {
      try {
        this.rootWatch = watch(this.root, { persistent: true, recursive: true }, (_ev, name) => {
          if (name) this.schedule(join(this.root, name.toString()));
        });
        this.rootWatch.on('error', (err) => this.emit('error', err));
      } catch (err) {
        this.emit('error', err);
      }
    }
    await this.addTree(this.root, false);
    if (!this.closed) this.emit('ready');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const w of this.dirs.values()) w?.close();
    this.dirs.clear();
    this.rootWatch?.close();
    this.rootWatch = null;
  }

  private watchDir(dir: string): void {
    if (this.recursive) {
      this.dirs.set(dir, null);
      return;
    }
    try {
      const w = watch(dir, { persistent: true }, (_ev, name) => {
        if (name) this.schedule(join(dir, name.toString()));
        // No name (rare): the folder itself changed; look at it.
        else this.schedule(dir);
      });
      w.on('error', () => {
        // The folder went away (or became unreadable): its parent's watch reports the removal.
        w.close();
        if (this.dirs.get(dir) === w) this.dirs.set(dir, null);
        this.schedule(dir);
      });
      this.dirs.set(dir, w);
    } catch (err) {
      this.dirs.set(dir, null);
      this.emit('error', err);
    }
  }

  /**
   * Watches a folder and everything below it; `report` emits 'add' for the files found (a folder
   * moved in). Folders are read WALK_CONCURRENCY at a time: one after another, the 5,061 folders
   * of the 250k-file bench library were seconds of the engine's open.
   */
  private async addTree(top: string, report: boolean): Promise<void> {
    const queue = [top];
    let active = 0;
    await new Promise<void>((resolve) => {
      const pump = (): void => {
        while (!this.closed && active < WALK_CONCURRENCY && queue.length) {
          const dir = queue.pop()!;
          if (this.dirs.has(dir)) continue;
          active++;
          void this.visit(dir, report, queue).finally(() => {
            active--;
            pump();
          });
        }
        if (active === 0 && (queue.length === 0 || this.closed)) resolve();
      };
      pump();
    });
  }

  /** Watches one folder, then lists it: its subfolders join the queue, its files are reported if asked. */
  private async visit(dir: string, report: boolean, queue: string[]): Promise<void> {
    this.watchDir(dir);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // vanished or unreadable: the scan reports unreadable folders
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!this.opts.ignored(p, true)) queue.push(p);
      } else if (report && !this.opts.ignored(p, false)) {
        try {
          this.emit('add', p, await lstat(p));
        } catch {}
      }
    }
  }

  private schedule(path: string): void {
    if (this.closed) return;
    const prev = this.timers.get(path);
    if (prev) clearTimeout(prev);
    this.timers.set(
      path,
      setTimeout(() => {
        this.timers.delete(path);
        void this.check(path);
      }, this.opts.settleMs),
    );
  }

  private async check(path: string): Promise<void> {
    if (this.closed) return;
    let st: Stats;
    try {
      st = await lstat(path);
    } catch {
      if (this.dirs.has(path)) {
        this.forgetTree(path);
        this.emit('unlinkDir', path);
      } else this.emit('unlink', path);
      return;
    }
    if (this.closed) return;
    if (st.isDirectory()) {
      if (path === this.root || this.dirs.has(path) || this.opts.ignored(path, true)) return;
      await this.addTree(path, true);
      return;
    }
    if (this.dirs.has(path)) {
      // A folder replaced by a file of the same name.
      this.forgetTree(path);
      this.emit('unlinkDir', path);
    }
    if (!this.opts.ignored(path, false)) this.emit('add', path, st);
  }

  private forgetTree(dir: string): void {
    const prefix = dir + sep;
    for (const [d, w] of this.dirs) {
      if (d === dir || d.startsWith(prefix)) {
        w?.close();
        this.dirs.delete(d);
      }
    }
  }
}
