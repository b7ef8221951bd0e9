// Symlinks in a watched folder, as a hostile or careless user leaves them: `loop -> .`, `up -> ..`,
// a link to a folder outside, `notes.txt -> /etc/passwd`, a photo link out and one in. Scanning
// and watching index the folder's own files and nothing outside it; media is served by real path
// only inside a watched folder; the watcher does not loop.
import { copyFileSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine/engine';
import { isWithin } from '../../../src/main/engine/util/contained-path';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine, waitFor } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const photos = readdirSync(join(evalDir, 'caltech101-5pc/images')).filter((f) => f.endsWith('.jpg')).sort();
const photo = (i: number) => join(evalDir, 'caltech101-5pc/images', photos[i]!);

/** tmp/{lib,outside}: lib holds two photos, a document and every kind of link. */
function makeHostileFolder(): { base: { path: string; cleanup: () => void }; lib: string; outside: string } {
  const base = tempDir('glimpse-links-');
  const lib = join(base.path, 'lib');
  const outside = join(base.path, 'outside');
  mkdirSync(join(lib, 'sub'), { recursive: true });
  mkdirSync(outside);
  copyFileSync(photo(0), join(lib, 'own.jpg'));
  copyFileSync(photo(1), join(lib, 'sub', 'deep.jpg'));
  copyFileSync(photo(2), join(lib, 'swap.jpg'));
  writeFileSync(join(lib, 'readme.txt'), 'the folder own document about kayaks\n');
  copyFileSync(photo(3), join(outside, 'secret.jpg'));
  writeFileSync(join(outside, 'secret.txt'), 'outside secret text\n');
  symlinkSync('.', join(lib, 'loop'));
  symlinkSync('..', join(lib, 'up'));
  symlinkSync(outside, join(lib, 'outside-link'));
  symlinkSync('/etc/passwd', join(lib, 'notes.txt'));
  symlinkSync(join(outside, 'secret.jpg'), join(lib, 'secret-link.jpg'));
  symlinkSync('own.jpg', join(lib, 'inner-link.jpg'));
  symlinkSync('..', join(lib, 'sub', 'parent'));
  return { base, lib: realpathSync(lib), outside: realpathSync(outside) };
}

function catalogPaths(engine: Engine): string[] {
  return internals(engine).catalog.lookup.list({ status: 'any', limit: 100_000 }).map((r) => r.path).sort();
}

describe('symlinks when scanning (glimpse index)', () => {
  const f = makeHostileFolder();
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  beforeAll(async () => {
    t = await openTestEngine();
    internals(t.engine).library.add(f.lib);
    await t.engine.indexNow();
  });
  afterAll(async () => {
    await t.cleanup();
    f.base.cleanup();
  });

  it("indexes the folder's own files and links inside it, nothing outside", () => {
    const paths = catalogPaths(t.engine);
    expect(paths).toEqual([join(f.lib, 'inner-link.jpg'), join(f.lib, 'own.jpg'), join(f.lib, 'readme.txt'), join(f.lib, 'sub', 'deep.jpg'), join(f.lib, 'swap.jpg')].sort());
    for (const p of paths) expect(isWithin(realpathSync(p), f.lib)).toBe(true);
    expect(internals(t.engine).catalog.files.getByPath(join(f.lib, 'own.jpg'))?.status).toBe('indexed');
  });

  it('accounts for every link it left out in status', async () => {
    const s = await t.engine.status();
    const by = new Map((s.notIndexed ?? []).map((n) => [n.reason, n]));
    expect(by.get('link-outside')?.count).toBe(2); // notes.txt, secret-link.jpg
    expect(by.get('link-outside')?.examples.sort()).toEqual([join(f.lib, 'notes.txt'), join(f.lib, 'secret-link.jpg')]);
    expect(by.get('link-to-folder')?.count).toBe(4); // loop, up, outside-link, sub/parent
  });

  it('keyword search finds nothing from /etc/passwd or the outside folder', async () => {
    for (const query of ['root', 'secret', 'outside']) {
      const res = await t.engine.search({ query, filters: { type: 'all' }, includeBelowCutoff: true, pageSize: 50 });
      for (const r of res.results) expect(isWithin(realpathSync(r.path), f.lib), `${query}: ${r.path}`).toBe(true);
    }
  });

  it('serves media by real path inside the watched folder, and refuses a file swapped for a link out', async () => {
    for (const row of internals(t.engine).catalog.lookup.list({ status: 'any', limit: 1000 })) {
      for (const kind of ['original', 'preview'] as const) {
        const m = await t.engine.resolveMedia(kind, row.fileId);
        if (m.path.startsWith(t.dataDir)) continue; // a cached preview
        expect(isWithin(m.path, f.lib), m.path).toBe(true);
        expect(m.path).toBe(realpathSync(m.path));
      }
    }
    const swap = internals(t.engine).catalog.files.getByPath(join(f.lib, 'swap.jpg'))!;
    rmSync(join(f.lib, 'swap.jpg'));
    symlinkSync('/etc/passwd', join(f.lib, 'swap.jpg'));
    for (const kind of ['original', 'preview'] as const) {
      await expect(t.engine.resolveMedia(kind, swap.id)).rejects.toMatchObject({ kind: 'forbidden' });
    }
  });
});

describe('symlinks when watching (glimpse watch / serve / the app)', () => {
  const f = makeHostileFolder();
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  beforeAll(async () => {
    t = await openTestEngine({ watch: true });
    await t.engine.foldersAdd({ path: f.lib });
    await waitFor(async () => (await t.engine.status()).files.indexed === 5, 60_000);
  });
  afterAll(async () => {
    await t.cleanup();
    f.base.cleanup();
  });

  it('does not follow folder links, and records new files but no new links out', async () => {
    const rssBefore = process.memoryUsage().rss;
    copyFileSync(photo(4), join(f.lib, 'sub', 'late.jpg'));
    symlinkSync('/etc/passwd', join(f.lib, 'late-notes.txt'));
    symlinkSync(join(f.outside, 'secret.txt'), join(f.lib, 'sub', 'late-secret.txt'));
    symlinkSync('.', join(f.lib, 'sub', 'late-loop'));
    mkdirSync(join(f.outside, 'new-outside'));
    copyFileSync(photo(5), join(f.outside, 'new-outside', 'x.jpg'));
    await waitFor(() => internals(t.engine).catalog.files.getByPath(join(f.lib, 'sub', 'late.jpg'))?.status === 'indexed', 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // let any stray events land
    const paths = catalogPaths(t.engine);
    expect(paths).toEqual(
      [join(f.lib, 'inner-link.jpg'), join(f.lib, 'own.jpg'), join(f.lib, 'readme.txt'), join(f.lib, 'sub', 'deep.jpg'), join(f.lib, 'sub', 'late.jpg'), join(f.lib, 'swap.jpg')].sort(),
    );
    const grown = (process.memoryUsage().rss - rssBefore) / 1e6;
    console.log(`watch over symlink loops: ${paths.length} files, RSS change ${grown.toFixed(0)} MB`);
    expect(grown).toBeLessThan(300);
  });

  it('refuses to watch / (it holds the data dir; watching it used to exhaust memory)', async () => {
    await expect(t.engine.foldersAdd({ path: '/' })).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('drops a watched file that is replaced by a link out', async () => {
    const p = join(f.lib, 'swap.jpg');
    rmSync(p);
    symlinkSync(join(f.outside, 'secret.jpg'), p);
    await waitFor(() => !internals(t.engine).catalog.files.getByPath(p), 15_000);
  });
});
