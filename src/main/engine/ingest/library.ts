// Watched folders: add/remove, the scan that diffs a folder against the catalog (new and changed
// files become jobs, vanished files are removed), and watching that keeps the catalog in sync
// afterwards: tree-watcher.ts (one OS watch per folder on Linux, a recursive one on macOS/Windows),
// or chokidar's polling for network drives. Folders the OS refuses to watch (inotify limit) are
// rescanned on a timer (watch-limit.ts). A rename shows up as unlink + add; the add hashes to a
// content the catalog still holds (orphans are only collected later), so it is re-linked without
// inference. Symlinks: never followed into folders, and a file link is recorded only when its real
// path lies inside a watched folder (util/contained-path.ts), as the scan does.
import { watch, type FSWatcher } from 'chokidar';
import { existsSync, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { Folder, WatchStatus } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import type { Catalog } from '../catalog';
import { isWithin, realPathWithinSync } from '../util/contained-path';
import { logger } from '../util/logger';
import { localThumbnailPath } from '../util/thumbnail-paths';
import { fileKindOf } from './file-kind';
import { IGNORE_FILE, IgnoreRules } from './ignore-rules';
import { keepFoldersBackup } from '../library-owner';
import { forgetScanSkips, ScanSkipTally } from './scan-skips';
import { walkFolder, type ScannedEntry } from './scanner';
import { TreeWatcher } from './tree-watcher';
import { isWatchLimitError, WatchLimitTracker } from './watch-limit';

const log = logger('library');

export interface LibraryOptions {
  catalog: Catalog;
  /** Glimpse's data dir: never indexed, never a watched folder. */
  dataDir: string;
  /** Called when new jobs were queued. */
  onQueued: () => void;
  /** Called as soon as a scan finds work, before it ends (the engine starts loading the visual model). */
  onWorkFound?: () => void;
  /** Called with content/chunk ids whose vectors must leave the HNSW indexes. */
  onOrphans: (sweep: { contentIds: number[]; chunkIds: number[] }) => void;
  /** Watcher settle time for files still being written (ms). */
  writeFinishMs?: number;
  /** Force polling (network drives). */
  usePolling?: boolean;
  /** How often folders the OS refused to watch (inotify limit) are rescanned. Default 5 minutes. */
  unwatchedRescanMs?: number;
}

export interface ScanSummary {
  folder: string;
  seen: number;
  queued: number;
  removed: number;
}

export class Library {
  private readonly opts: LibraryOptions;
  private readonly watchers = new Map<string, FSWatcher | TreeWatcher>();
  private readonly rules = new Map<string, IgnoreRules>();
  private gcTimer: NodeJS.Timeout | null = null;
  private readonly limits: WatchLimitTracker;
  private rescanTimer: NodeJS.Timeout | null = null;
  private rescanning: Promise<void> | null = null;

  constructor(opts: LibraryOptions) {
    this.opts = opts;
    this.limits = new WatchLimitTracker(opts.unwatchedRescanMs ?? 5 * 60_000);
  }

  /** Folder watching for `status`: on, off, or partial (the OS watch limit), with the fix. */
  watchStatus(): WatchStatus {
    return this.limits.describe(this.watchers.size > 0);
  }

  private rulesFor(root: string): IgnoreRules {
    let r = this.rules.get(root);
    if (!r) {
      r = new IgnoreRules(root, [this.opts.dataDir]);
      this.rules.set(root, r);
    }
    return r;
  }

  list(): Folder[] {
    return this.opts.catalog.folders.list();
  }

  /** The watched folder that contains `path`, or null (paths outside every watched folder are refused by callers). */
  folderContaining(path: string): { id: number; path: string } | null {
    return this.opts.catalog.folders.containing(resolve(path)) ?? null;
  }

  add(pathInput: string): Folder {
    const abs = resolve(pathInput);
    if (!existsSync(abs)) throw new GlimpseError('not-found', `no such folder: ${abs}`);
    if (!statSync(abs).isDirectory()) throw new GlimpseError('bad-request', `not a folder: ${abs}`);
    const path = realpathSync(abs);
    const data = resolve(this.opts.dataDir);
    if (isWithin(path, data) || isWithin(data, path)) {
      throw new GlimpseError('forbidden', `cannot watch ${path}: it contains or is inside Glimpse's data folder (${data})`);
    }
    const existing = this.opts.catalog.folders.getByPath(path);
    if (existing) return this.list().find((f) => f.id === existing.id)!;
    const parent = this.opts.catalog.folders.containing(path);
    if (parent) throw new GlimpseError('already-exists', `${path} is already watched as part of ${parent.path}`);
    this.opts.catalog.folders.add(path);
    // Folders inside the new one are now covered by it.
    for (const f of this.opts.catalog.folders.list()) {
      if (f.path.startsWith(path + sep)) this.opts.catalog.folders.remove(f.path);
    }
    keepFoldersBackup(this.opts.dataDir, this.opts.catalog);
    return this.list().find((f) => f.path === path)!;
  }

  async remove(pathInput: string): Promise<void> {
    const path = resolve(pathInput);
    const folder = this.opts.catalog.folders.getByPath(path) ?? (existsSync(path) ? this.opts.catalog.folders.getByPath(realpathSync(path)) : undefined);
    if (!folder) throw new GlimpseError('not-found', `not a watched folder: ${path}`);
    await this.unwatch(folder.path);
    forgetScanSkips(this.opts.catalog, folder.id);
    this.opts.catalog.folders.remove(folder.path);
    keepFoldersBackup(this.opts.dataDir, this.opts.catalog);
    this.collectOrphans();
  }

  /** Diffs one folder against the catalog. New/changed files are queued (newest first), vanished ones removed. */
  async scan(folderPath: string): Promise<ScanSummary> {
    return this.diffTree(folderPath, folderPath);
  }

  /**
   * Diffs the subtree `start` of the watched folder `folderPath` (the whole folder when they are
   * equal) against the catalog: the scan, and the rescan of folders the OS would not watch.
   */
  private async diffTree(folderPath: string, start: string): Promise<ScanSummary> {
    const { catalog } = this.opts;
    const folder = catalog.folders.getByPath(folderPath);
    if (!folder) throw new GlimpseError('not-found', `not a watched folder: ${folderPath}`);
    const whole = start === folder.path;
    if (!existsSync(folder.path)) {
      log.warn(`watched folder is missing (unplugged drive?): ${folder.path}; keeping its catalog entries`);
      return { folder: folder.path, seen: 0, queued: 0, removed: 0 };
    }
    const rules = this.rulesFor(folder.path);
    if (whole) rules.reset();
    const prefix = start + sep;
    const inFolder = catalog.files.listInFolder(folder.id);
    const known = new Map((whole ? inFolder : inFolder.filter((f) => f.path.startsWith(prefix))).map((f) => [f.path, f]));
    let seen = 0;
    let queued = 0;
    let entries: ScannedEntry[] = [];
    // Files are recorded 500 to a transaction (one per file made the scan of a big folder slow).
    const flush = (): void => {
      const jobs: { fileId: number; priority: number }[] = [];
      catalog.transaction(() => {
        for (const entry of entries) {
          const { file, change } = catalog.files.upsertScanned({ folderId: folder.id, ...entry });
          // Unchanged but never finished (a crash between scan and indexing): queue again too.
          if (change !== 'unchanged' || file.status === 'queued') jobs.push({ fileId: file.id, priority: entry.mtimeMs });
        }
        if (jobs.length) catalog.jobs.enqueueMany(jobs);
      });
      if (jobs.length && queued === 0) this.opts.onWorkFound?.();
      queued += jobs.length;
      entries = [];
    };
    const skips = new ScanSkipTally();
    const roots = catalog.folders.list().map((f) => f.path);
    for await (const entry of walkFolder(start, rules, { roots, onSkip: skips.add })) {
      seen++;
      const row = known.get(entry.path);
      known.delete(entry.path);
      // Unchanged and done: nothing to write. (A restart rescan of 250k unchanged files spent
      // half its time asking SQLite about each one: bench/library-scale.)
      if (row && row.size === entry.size && row.mtimeMs === Math.round(entry.mtimeMs) && row.kind === entry.kind && row.status !== 'queued') continue;
      entries.push(entry);
      if (entries.length >= 500) flush();
    }
    flush();
    if (whole) skips.save(catalog, folder.id); // a partial rescan does not see the whole folder's skips
    const vanished = [...known.values()].map((f) => f.id);
    catalog.files.removeByIds(vanished);
    if (vanished.length) this.collectOrphans();
    if (queued) this.opts.onQueued();
    return { folder: folder.path, seen, queued, removed: vanished.length };
  }

  async scanAll(): Promise<ScanSummary[]> {
    const out: ScanSummary[] = [];
    for (const f of this.opts.catalog.folders.list()) out.push(await this.scan(f.path));
    return out;
  }

  /** Deletes contents no file points at any more; their vectors leave the indexes. */
  collectOrphans(): void {
    const sweep = this.opts.catalog.contents.gcOrphans();
    if (sweep.contentIds.length || sweep.chunkIds.length) this.opts.onOrphans(sweep);
    const thumbnailsDir = join(this.opts.dataDir, 'thumbnails');
    for (const p of sweep.thumbnailPaths) void rm(localThumbnailPath(thumbnailsDir, p), { force: true });
  }

  private scheduleGc(): void {
    if (this.gcTimer) clearTimeout(this.gcTimer);
    // Long enough for the add half of a rename to re-link the content first.
    this.gcTimer = setTimeout(() => {
      this.gcTimer = null;
      this.collectOrphans();
    }, 10_000);
    this.gcTimer.unref();
  }

  async watchAll(): Promise<void> {
    for (const f of this.opts.catalog.folders.list()) await this.watchFolder(f.path);
  }

  async watchFolder(root: string, usePolling = this.opts.usePolling ?? false): Promise<void> {
    if (this.watchers.has(root)) return;
    const rules = this.rulesFor(root);
    const onError = this.watchErrorHandler(root);
    if (!usePolling) {
      // Folders only (one OS watch per folder on Linux, one recursive watch on macOS/Windows).
      const tree = new TreeWatcher(root, { ignored: (p, isDir) => p !== root && rules.ignores(p, isDir), settleMs: this.opts.writeFinishMs ?? 400 });
      tree.on('add', (p: string, st: Stats) => this.onAddOrChange(root, p, st));
      tree.on('unlink', (p: string) => this.onUnlink(p));
      tree.on('unlinkDir', (p: string) => this.onUnlinkDir(root, p));
      tree.on('error', onError);
      this.watchers.set(root, tree);
      await tree.start();
      return;
    }
    // Polling (network drives, where no OS events arrive): chokidar.
    const watcher = watch(root, {
      ignoreInitial: true,
      persistent: true,
      // Never into a linked folder (`loop -> .`, `up -> ..`): a file link is checked in onAddOrChange.
      followSymlinks: false,
      usePolling,
      interval: 1000,
      awaitWriteFinish: { stabilityThreshold: this.opts.writeFinishMs ?? 400, pollInterval: 100 },
      ignored: (path: string, stats?: Stats) => path !== root && rules.ignores(path, stats?.isDirectory() ?? false),
    });
    watcher.on('add', (p, st) => this.onAddOrChange(root, p, st));
    watcher.on('change', (p, st) => this.onAddOrChange(root, p, st));
    watcher.on('unlink', (p) => this.onUnlink(p));
    watcher.on('unlinkDir', (p) => this.onUnlinkDir(root, p));
    watcher.on('error', onError);
    this.watchers.set(root, watcher);
    await new Promise<void>((r) => watcher.once('ready', () => r()));
  }

  private watchErrorHandler(root: string): (err: unknown) => void {
    let refused = 0;
    return (err) => {
      if (isWatchLimitError(err)) {
        // The OS watch limit: keep the watches we have, rescan the refused folders on a timer
        // (polling every file instead kept a core busy on a large library).
        const dir = this.limits.record(root, err);
        if (refused++ === 0) log.warn(`${root}: the system refused a file watch (${err.code}); ${dir} and other folders past the limit are rescanned every ${Math.round(this.limits.rescanEveryMs / 1000)} s`);
        this.startRescans();
        return;
      }
      log.warn(`watcher error on ${root}: ${(err as Error).message}`);
    };
  }

  private onAddOrChange(root: string, path: string, st?: Stats): void {
    try {
      if (basename(path) === IGNORE_FILE) {
        this.rulesFor(root).reset();
        void this.scan(root);
        return;
      }
      const kind = fileKindOf(path);
      if (!kind) return;
      const folder = this.opts.catalog.folders.getByPath(root);
      if (!folder) return;
      let s = st ?? lstatSync(path);
      if (s.isSymbolicLink() || lstatSync(path).isSymbolicLink()) {
        const roots = this.opts.catalog.folders.list().map((f) => f.path);
        const target = realPathWithinSync(path, roots) ? statSync(path) : null;
        if (!target?.isFile()) {
          // A link out of the watched folders (or to a folder): never recorded; a row left from
          // when this path was a plain file goes.
          if (this.opts.catalog.files.removeByPath(path)) this.scheduleGc();
          return;
        }
        s = target;
      }
      if (!s.isFile()) return;
      const { file, change } = this.opts.catalog.files.upsertScanned({ folderId: folder.id, path, size: s.size, mtimeMs: Math.round(s.mtimeMs), kind });
      if (change !== 'unchanged' || file.status === 'queued') {
        this.opts.catalog.jobs.enqueue(file.id, Math.round(s.mtimeMs));
        this.opts.onQueued();
      }
    } catch (err) {
      log.warn(`cannot record ${path}: ${(err as Error).message}`);
    }
  }

  private onUnlink(path: string): void {
    if (this.opts.catalog.files.removeByPath(path)) this.scheduleGc();
  }

  private onUnlinkDir(root: string, dir: string): void {
    const prefix = dir + sep;
    const folder = this.opts.catalog.folders.getByPath(root);
    if (!folder) return;
    const ids = this.opts.catalog.files
      .listInFolder(folder.id)
      .filter((r) => r.path.startsWith(prefix))
      .map((r) => r.id);
    if (this.opts.catalog.files.removeByIds(ids)) this.scheduleGc();
  }

  private startRescans(): void {
    if (this.rescanTimer) return;
    this.rescanTimer = setInterval(() => void this.rescanUnwatched(), this.limits.rescanEveryMs);
    this.rescanTimer.unref();
  }

  /** Rescans the folders the OS refused to watch (each subtree once). Resolves when done. */
  rescanUnwatched(): Promise<void> {
    this.rescanning ??= (async () => {
      const t0 = performance.now();
      try {
        for (const part of this.limits.parts()) {
          for (const dir of part.dirs) {
            if (!this.watchers.has(part.root)) break;
            await this.diffTree(part.root, dir).catch((err) => log.warn(`rescan of ${dir} failed: ${(err as Error).message}`));
          }
        }
      } finally {
        this.limits.lastRescanAt = new Date().toISOString();
        this.limits.lastRescanMs = performance.now() - t0;
        this.rescanning = null;
      }
    })();
    return this.rescanning;
  }

  private async unwatch(root: string): Promise<void> {
    this.limits.forget(root);
    const w = this.watchers.get(root);
    if (w) {
      this.watchers.delete(root);
      await w.close();
    }
  }

  async close(): Promise<void> {
    if (this.gcTimer) clearTimeout(this.gcTimer);
    this.gcTimer = null;
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    this.rescanTimer = null;
    await this.rescanning;
    for (const root of [...this.watchers.keys()]) await this.unwatch(root);
  }
}
