// Watching: add, modify, rename and delete files under a watched temp folder; the catalog and
// search follow within seconds, and a rename costs no inference.
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine, waitFor } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const photos = readdirSync(join(evalDir, 'caltech101-5pc/images')).filter((f) => f.endsWith('.jpg')).sort();
const src = (i: number) => join(evalDir, 'caltech101-5pc/images', photos[i]!);
const lib = tempDir('glimpse-watch-lib-');
let t: Awaited<ReturnType<typeof openTestEngine>>;
let inferences = 0;

beforeAll(async () => {
  mkdirSync(join(lib.path, 'sub'), { recursive: true });
  for (let i = 0; i < 4; i++) copyFileSync(src(i), join(lib.path, `start-${i}.jpg`));
  t = await openTestEngine({ watch: true });
  const embedder = internals(t.engine).activeModel!.embedder;
  const original = embedder.embedImageTensors.bind(embedder);
  embedder.embedImageTensors = async (tensors) => {
    inferences += tensors.length;
    return original(tensors);
  };
  await t.engine.foldersAdd({ path: lib.path });
  await waitFor(async () => (await t.engine.status()).files.indexed === 4);
});
afterAll(async () => {
  await t.cleanup();
  lib.cleanup();
});

const fileAt = (p: string) => internals(t.engine).catalog.files.getByPath(p);
const topSimilar = async (path: string) => (await t.engine.similar({ image: { path }, k: 1, filters: { type: 'image' } })).results[0]?.path;

describe('watched folder', () => {
  it('indexes an added file and finds it', async () => {
    const p = join(lib.path, 'sub', 'added.jpg');
    copyFileSync(src(10), p);
    await waitFor(() => fileAt(p)?.status === 'indexed');
    expect(await topSimilar(p)).toBe(p);
  });

  it('re-embeds a modified file', async () => {
    const p = join(lib.path, 'start-0.jpg');
    const before = fileAt(p)!.contentId;
    await new Promise((r) => setTimeout(r, 50));
    copyFileSync(src(20), p);
    await waitFor(() => fileAt(p)?.status === 'indexed' && fileAt(p)?.contentId !== before);
    const v = internals(t.engine).catalog.vectors.getImage('tiny-clip-immich', fileAt(p)!.contentId!);
    expect(v).toBeDefined();
    expect(await topSimilar(p)).toBe(p);
  });

  it('follows a rename without inference', async () => {
    const from = join(lib.path, 'start-1.jpg');
    const to = join(lib.path, 'sub', 'renamed.jpg');
    const content = fileAt(from)!.contentId;
    const before = inferences;
    renameSync(from, to);
    await waitFor(() => fileAt(to)?.status === 'indexed' && !fileAt(from));
    expect(fileAt(to)!.contentId).toBe(content);
    expect(inferences).toBe(before);
    expect(await topSimilar(to)).toBe(to);
  });

  it('drops a deleted file from the catalog and from results', async () => {
    const p = join(lib.path, 'start-2.jpg');
    const id = fileAt(p)!.id;
    rmSync(p);
    await waitFor(() => !fileAt(p));
    const res = await t.engine.search({ query: 'start', filters: { type: 'all' }, includeBelowCutoff: true, pageSize: 100 });
    expect(res.results.map((r) => r.id)).not.toContain(id);
    expect(res.results.some((r) => r.path.endsWith('start-3.jpg'))).toBe(true);
  });
});
