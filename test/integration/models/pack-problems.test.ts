// A chosen pack that cannot be used is said, never silently keyword-only: a pack folder without its
// config.json or a damaged active.json shows in status (modelProblem) and in every search response
// (warning), and the library still opens. A re-import killed between its two renames gets the old
// pack back on the next open; stale staging folders of dead processes are cleaned; a pack imported
// from a read-only folder is left owner-writable (it can be replaced and removed later).
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine/engine';
import { PackStore } from '../../../src/main/engine/models/pack-store';
import { immichPacksDir } from '../../helpers/immich-packs';
import { tempDir } from '../../helpers/paths';

const NAME = 'tiny-clip-static';
const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process
const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

async function library(): Promise<{ data: string; models: string }> {
  const d = tempDir('glimpse-pack-problems-');
  dirs.push(d);
  const models = join(d.path, 'models');
  await new PackStore(models).import(join(immichPacksDir, NAME), NAME);
  return { data: d.path, models };
}

async function statusAndSearch(data: string): Promise<{ model: string | null; problem: string | null | undefined; warning: string | undefined }> {
  const engine = await Engine.open({ dataDir: data, providers: ['cpu'], ocr: false });
  try {
    const s = await engine.status();
    const r = await engine.search({ query: 'beach' });
    return { model: s.model?.name ?? null, problem: s.modelProblem, warning: r.warning };
  } finally {
    await engine.close();
  }
}

describe('model pack problems', () => {
  it('a working pack: no problem, no warning', async () => {
    const { data } = await library();
    expect(await statusAndSearch(data)).toEqual({ model: NAME, problem: null, warning: undefined });
  });

  it('a chosen pack without config.json: status and search say so, the library opens keyword-only', async () => {
    const { data, models } = await library();
    rmSync(join(models, NAME, 'config.json'));
    const r = await statusAndSearch(data);
    expect(r.model).toBeNull();
    expect(r.problem).toMatch(/the model "tiny-clip-static" chosen for this library is missing or incomplete/);
    expect(r.warning).toMatch(/^keyword matches only: the model "tiny-clip-static"/);
  });

  it('a damaged active.json is said, not taken as "no model"', async () => {
    const { data, models } = await library();
    writeFileSync(join(models, 'active.json'), '{"na');
    const r = await statusAndSearch(data);
    expect(r.problem).toMatch(/active\.json is damaged/);
    expect(r.warning).toMatch(/keyword matches only/);
  });

  it('a re-import killed between its two renames gets the old pack back; dead staging folders go', async () => {
    const { data, models } = await library();
    // What adopt() leaves when killed after moving the old pack aside and before moving the new one in.
    mkdirSync(join(models, '.staging'), { recursive: true });
    renameSync(join(models, NAME), join(models, '.staging', `${NAME}.old-${DEAD_PID}`));
    cpSync(join(immichPacksDir, NAME), join(models, '.staging', `${NAME}.import-${DEAD_PID}`), { recursive: true });
    const r = await statusAndSearch(data);
    expect(r).toEqual({ model: NAME, problem: null, warning: undefined });
    expect(readdirSync(join(models, '.staging'))).toEqual([]);
  });

  it('a pack imported from a read-only folder is owner-writable, so it can be replaced and removed', async () => {
    const d = tempDir('glimpse-pack-readonly-');
    dirs.push(d);
    const source = join(d.path, 'ro-pack');
    cpSync(join(immichPacksDir, NAME), source, { recursive: true });
    const lock = (p: string): void => {
      const st = statSync(p);
      if (st.isDirectory()) for (const e of readdirSync(p)) lock(join(p, e));
      chmodSync(p, st.isDirectory() ? 0o555 : 0o444);
    };
    lock(source);
    const store = new PackStore(join(d.path, 'models'));
    await store.import(source, 'ro');
    for (const f of ['config.json', 'visual/model.onnx', 'textual/tokenizer.json']) expect(statSync(join(d.path, 'models/ro', f)).mode & 0o200, f).toBe(0o200);
    expect(statSync(join(d.path, 'models/ro/visual')).mode & 0o700).toBe(0o700);
    await store.import(source, 'ro'); // replace
    store.remove('ro');
    expect(existsSync(join(d.path, 'models/ro'))).toBe(false);
    const unlock = (p: string): void => {
      chmodSync(p, 0o755);
      if (statSync(p).isDirectory()) for (const e of readdirSync(p)) unlock(join(p, e));
    };
    unlock(source);
  });
});
