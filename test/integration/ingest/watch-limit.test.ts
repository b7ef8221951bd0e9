// The OS watch limit (Linux inotify, ENOSPC): the watcher's refusals are simulated by making the real
// fs.watch throw Node's own ENOSPC error for every path under one subtree (chokidar imports fs.watch
// from node:fs; syncBuiltinESMExports carries the patch to that import). The library must say so in
// its watch status (with the command that raises the limit), keep the watches it got, never fall
// back to polling every file, and keep the catalog right by rescanning the refused folders.
import * as fs from 'node:fs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { Library } from '../../../src/main/engine/ingest/library';
import { minimalCover } from '../../../src/main/engine/ingest/watch-limit';
import { tempDir } from '../../helpers/paths';
import { waitFor } from '../../helpers/engine';

const nodeFs = createRequire(import.meta.url)('node:fs') as typeof fs;
const realWatch = nodeFs.watch;
const realWatchFile = nodeFs.watchFile;
let refuseUnder: string | null = null;
let refusals = 0;
let pollers = 0;
let watchCalls = 0;

function patchFs(): void {
  nodeFs.watch = ((path: fs.PathLike, ...rest: unknown[]) => {
    const p = String(path);
    watchCalls++;
    if (refuseUnder && (p === refuseUnder || p.startsWith(refuseUnder + sep))) {
      refusals++;
      // What Node throws when inotify_add_watch fails with ENOSPC.
      const err = Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${p}'`), { errno: -28, code: 'ENOSPC', syscall: 'watch', path: p });
      throw err;
    }
    return (realWatch as (...a: unknown[]) => fs.FSWatcher)(path, ...rest);
  }) as typeof fs.watch;
  nodeFs.watchFile = ((...a: unknown[]) => {
    pollers++;
    return (realWatchFile as (...b: unknown[]) => fs.StatWatcher)(...a);
  }) as typeof fs.watchFile;
  syncBuiltinESMExports();
}
function unpatchFs(): void {
  nodeFs.watch = realWatch;
  nodeFs.watchFile = realWatchFile;
  syncBuiltinESMExports();
}

const tmp = tempDir('glimpse-watch-limit-');
const lib = join(tmp.path, 'lib');
const write = (rel: string, text = `note ${rel}`) => {
  mkdirSync(join(lib, rel, '..'), { recursive: true });
  writeFileSync(join(lib, rel), text);
};
let catalog: Catalog;
let library: Library;

beforeAll(() => {
  for (let i = 0; i < 3; i++) write(`shallow/a${i}.txt`);
  for (let i = 0; i < 4; i++) write(`deep/x${i}/y/b${i}.md`);
  write('deep/c.txt');
  mkdirSync(join(tmp.path, 'data'));
  catalog = Catalog.open(join(tmp.path, 'catalog.sqlite'));
  patchFs();
});
afterEach(async () => {
  await library?.close();
  refuseUnder = null;
});
afterAll(() => {
  unpatchFs();
  catalog.close();
  tmp.cleanup();
});

const open = async (): Promise<Library> => {
  library = new Library({ catalog, dataDir: join(tmp.path, 'data'), onQueued: () => undefined, onOrphans: () => undefined, writeFinishMs: 50, unwatchedRescanMs: 250 });
  if (!catalog.folders.getByPath(lib)) library.add(lib);
  await library.scan(lib);
  return library;
};
const known = (rel: string) => catalog.files.getByPath(join(lib, rel)) !== undefined;

describe('watch limit (ENOSPC)', () => {
  it('reports full coverage when the OS accepts every watch', async () => {
    await open();
    await library.watchFolder(lib);
    expect(library.watchStatus()).toMatchObject({ state: 'events', unwatchedFolders: 0, fix: null });
  });

  it('reports the refused folders with the fix, and keeps the library right by rescanning them', async () => {
    refuseUnder = join(lib, 'deep');
    refusals = 0;
    pollers = 0;
    await open();
    await library.watchFolder(lib);
    expect(refusals).toBeGreaterThan(0);
    const st = library.watchStatus();
    expect(st.state).toBe('partial');
    expect(st.unwatchedFolders).toBe(1); // deep/ covers its refused subfolders and files
    expect(st.rescanEverySeconds).toBe(0);
    if (process.platform === 'linux') {
      expect(st.fix).toContain('fs.inotify.max_user_watches');
      expect(st.message).toContain('file watch limit');
    }
    expect(pollers).toBe(0); // no fallback to polling every file

    // The watched part still follows by events.
    write('shallow/new.txt');
    await waitFor(() => known('shallow/new.txt'), 10_000);

    // The refused part: an added file and a deleted one are seen by the periodic rescan.
    expect(known('deep/c.txt')).toBe(true);
    write('deep/x1/y/added.md');
    rmSync(join(lib, 'deep/c.txt'));
    await waitFor(() => known('deep/x1/y/added.md') && !known('deep/c.txt'), 10_000);
    expect(library.watchStatus().lastRescanAt).not.toBeNull();
    // Files outside the refused part were left alone by the partial rescans.
    expect(known('shallow/a0.txt')).toBe(true);
    expect(known('deep/x0/y/b0.md')).toBe(true);
  });

  it('watches folders, not files, and follows a folder moved in and one removed', async () => {
    watchCalls = 0;
    await open();
    await library.watchFolder(lib);
    // lib, shallow, deep, deep/x0..x3 and their y: 11 folders; 8 files need no watch of their own.
    if (process.platform === 'linux') expect(watchCalls).toBe(11);
    const outside = join(tmp.path, 'incoming');
    mkdirSync(join(outside, 'inner'), { recursive: true });
    writeFileSync(join(outside, 'inner', 'moved.md'), 'moved in');
    fs.renameSync(outside, join(lib, 'incoming'));
    await waitFor(() => known('incoming/inner/moved.md'), 10_000);
    rmSync(join(lib, 'incoming'), { recursive: true });
    await waitFor(() => !known('incoming/inner/moved.md'), 10_000);
  });

  it('says off once nothing is watched', async () => {
    await open();
    await library.watchFolder(lib);
    await library.close();
    expect(library.watchStatus().state).toBe('off');
  });

  it('covers nested refused folders by their topmost one', () => {
    expect(minimalCover(['/a/b/c', '/a/b', '/a/bc', '/d', '/a/b/c/e'])).toEqual(['/a/b', '/a/bc', '/d']);
  });
});
