// Removing a model pack (Engine.modelsRemove, which `glimpse models remove` and the Models sheet
// both call): its vectors leave the catalog, its HNSW index files and pack folder leave the disk,
// the other pack's data stays, and removing the active pack leaves keyword search working.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFileBase } from '../../../src/main/engine/vectors';
import { evalDir, tinyPackDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

let t: Awaited<ReturnType<typeof openTestEngine>>;
const count = (table: 'image_vectors' | 'chunk_vectors', model: string) =>
  (internals(t.engine).catalog.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE model_id = ?`).get(model) as { n: number }).n;
const indexFiles = (model: string) => {
  const dir = join(t.dataDir, 'indexes');
  const prefixes = (['images', 'chunks'] as const).map((s) => `${indexFileBase(dir, model, s).split('/').pop()!}.`);
  return existsSync(dir) ? readdirSync(dir).filter((n) => prefixes.some((p) => n.startsWith(p))) : [];
};

beforeAll(async () => {
  t = await openTestEngine({ ocr: false });
  internals(t.engine).library.add(join(evalDir, 'coco2017-mini80'));
  await t.engine.indexNow();
  // A second pack with its own vectors, so the removal of one can be seen to spare the other.
  await t.engine.modelsImport({ dir: tinyPackDir, name: 'tiny-second' });
  await t.engine.modelsUse({ name: 'tiny-second' });
  await t.engine.indexNow();
}, 300_000);
afterAll(async () => t.cleanup());

describe('model removal', () => {
  it('removes an inactive pack: vectors, index files and folder, and nothing of the other pack', async () => {
    expect(count('image_vectors', 'tiny-clip-immich')).toBe(80);
    expect(indexFiles('tiny-clip-immich').length).toBeGreaterThan(0);
    const report = await t.engine.modelsRemove({ name: 'tiny-clip-immich' });
    expect(report).toMatchObject({ name: 'tiny-clip-immich', packRemoved: true, wasActive: false });
    expect(report.vectorsRemoved).toBeGreaterThanOrEqual(80);
    expect(count('image_vectors', 'tiny-clip-immich')).toBe(0);
    expect(count('chunk_vectors', 'tiny-clip-immich')).toBe(0);
    expect(internals(t.engine).catalog.vectors.modelDim('tiny-clip-immich')).toBeNull();
    expect(indexFiles('tiny-clip-immich')).toEqual([]);
    expect(existsSync(join(t.dataDir, 'models', 'tiny-clip-immich'))).toBe(false);
    expect((await t.engine.modelsList()).find((m) => m.name === 'tiny-clip-immich')).toBeUndefined();
    // The pack in use is untouched.
    expect(count('image_vectors', 'tiny-second')).toBe(80);
    expect(internals(t.engine).activeModel?.pack.name).toBe('tiny-second');
  });

  it('removes the active pack: the runtime closes, nothing of it remains, keyword search still answers', async () => {
    internals(t.engine).saveIndexes();
    expect(indexFiles('tiny-second').length).toBeGreaterThan(0);
    const report = await t.engine.modelsRemove({ name: 'tiny-second' });
    expect(report.wasActive).toBe(true);
    expect(internals(t.engine).activeModel).toBeNull();
    expect(count('image_vectors', 'tiny-second')).toBe(0);
    expect(indexFiles('tiny-second')).toEqual([]);
    expect(existsSync(join(t.dataDir, 'models', 'tiny-second'))).toBe(false);
    const status = await t.engine.status();
    expect(status.model).toBeNull();
    const res = await t.engine.search({ query: '000000000790', filters: { type: 'all' } });
    expect(res.results.map((r) => r.name)).toContain('000000000790.jpg'); // keyword-only, by file name
  });

  it('says not-found for a pack that is not there', async () => {
    await expect(t.engine.modelsRemove({ name: 'no-such-pack' })).rejects.toMatchObject({ kind: 'not-found' });
  });
});
