// kill -9 the indexer mid-run over caltech101-5pc, restart it: the catalog and the HNSW index hold
// each image exactly once, and nothing is left queued.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, repoRoot, tempDir } from '../../helpers/paths';
import { importTinyPack, openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const folder = join(evalDir, 'caltech101-5pc');
const dir = tempDir('glimpse-crash-');
const dbPath = join(dir.path, 'catalog.sqlite');

function indexedCount(): number {
  if (!existsSync(dbPath)) return 0;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM files WHERE status = 'indexed'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

beforeAll(async () => importTinyPack(dir.path));
afterAll(() => dir.cleanup());

describe('crash safety', () => {
  it('resumes after SIGKILL with every image exactly once', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/glimpse.mjs'), '--data-dir', dir.path, 'index', folder], {
      env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const t0 = Date.now();
    let killedAt = -1;
    while (Date.now() - t0 < 60_000) {
      const n = indexedCount();
      if (n >= 40) {
        child.kill('SIGKILL');
        killedAt = n;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await exited;
    expect(killedAt).toBeGreaterThanOrEqual(40);
    const afterKill = indexedCount();
    expect(afterKill).toBeLessThan(500); // really killed mid-run
    console.log(`killed with ${afterKill} of 500 images indexed`);

    const t = await openTestEngine({ dataDir: dir.path });
    try {
      await t.engine.indexNow();
      const db = internals(t.engine).catalog.db;
      const images = db.prepare(`SELECT path, status, content_id AS contentId FROM files WHERE kind = 'image'`).all() as { path: string; status: string; contentId: number }[];
      expect(images.length).toBe(500);
      expect(new Set(images.map((r) => r.path)).size).toBe(500);
      expect(images.every((r) => r.status === 'indexed')).toBe(true);
      const contents = new Set(images.map((r) => r.contentId));
      const vectors = db.prepare(`SELECT content_id AS id FROM image_vectors WHERE model_id = 'tiny-clip-immich'`).all() as { id: number }[];
      expect(vectors.length).toBe(contents.size);
      expect(new Set(vectors.map((v) => v.id))).toEqual(contents);
      const rt = internals(t.engine).activeModel!;
      expect(rt.images.size).toBe(contents.size);
      // Every stored vector finds itself first in the index.
      let self = 0;
      for (const id of [...contents].slice(0, 100)) {
        const v = internals(t.engine).catalog.vectors.getImage('tiny-clip-immich', id)!;
        if (rt.images.knn(v, 1)[0]!.id === id) self++;
      }
      expect(self).toBeGreaterThanOrEqual(99);
      const jobs = internals(t.engine).catalog.jobs.counts();
      expect(jobs.pending + jobs.running).toBe(0);
    } finally {
      await t.engine.close();
    }
  });
});
