// A data dir moved (or restored from a backup) to another place still serves its thumbnails:
// paths are stored relative to its thumbnails folder, and absolute ones from older builds are
// mapped onto the new place, never read (or deleted) at the old one.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithin } from '../../../src/main/engine/util/contained-path';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const photos = readdirSync(join(evalDir, 'caltech101-5pc/images')).filter((f) => f.endsWith('.jpg')).sort();
const base = tempDir('glimpse-moved-');
const lib = join(base.path, 'lib');
const first = join(base.path, 'first');
const moved = join(base.path, 'moved');

beforeAll(async () => {
  mkdirSync(lib);
  for (let i = 0; i < 3; i++) copyFileSync(join(evalDir, 'caltech101-5pc/images', photos[i]!), join(lib, `p${i}.jpg`));
  mkdirSync(first);
  const t = await openTestEngine({ dataDir: first });
  internals(t.engine).library.add(lib);
  await t.engine.indexNow();
  // One row as an older build wrote it: an absolute path into the first data dir.
  const row = internals(t.engine).catalog.db.prepare('SELECT content_id AS id, path FROM thumbnails ORDER BY content_id LIMIT 1').get() as { id: number; path: string };
  internals(t.engine).catalog.db.prepare('UPDATE thumbnails SET path = ? WHERE content_id = ?').run(join(first, 'thumbnails', row.path), row.id);
  await t.engine.close();
  renameSync(first, moved);
}, 120_000);
afterAll(() => base.cleanup());

describe('a moved data dir', () => {
  it('stores thumbnail paths relative to its thumbnails folder', async () => {
    const t = await openTestEngine({ dataDir: moved });
    try {
      const paths = (internals(t.engine).catalog.db.prepare('SELECT path FROM thumbnails').all() as { path: string }[]).map((r) => r.path);
      expect(paths.filter((p) => !p.startsWith('/'))).toHaveLength(2);
      for (const r of internals(t.engine).catalog.lookup.list({ status: 'indexed', limit: 10 })) {
        const m = await t.engine.resolveMedia('thumbnail', r.fileId);
        expect(isWithin(m.path, join(moved, 'thumbnails')), m.path).toBe(true);
        expect(existsSync(m.path)).toBe(true);
      }
    } finally {
      await t.engine.close();
    }
  }, 60_000);

  it('a copy of the library left behind loses nothing when the moved one drops a file', async () => {
    cpSync(moved, first, { recursive: true });
    const before = readdirSync(join(first, 'thumbnails'), { recursive: true }).length;
    const t = await openTestEngine({ dataDir: moved });
    try {
      await t.engine.foldersRemove({ path: lib });
    } finally {
      await t.engine.close();
    }
    await new Promise((r) => setTimeout(r, 300)); // the cleanup's rm() calls are not awaited
    expect(readdirSync(join(first, 'thumbnails'), { recursive: true }).length).toBe(before);
  }, 60_000);
});
