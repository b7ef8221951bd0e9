// A real Engine over a temp data dir with the tiny CLIP fixture pack imported.
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../src/main/engine/engine';
import { PackStore } from '../../src/main/engine/models/pack-store';
import { tempDir, tinyPackDir } from './paths';

export async function importTinyPack(dataDir: string): Promise<void> {
  const store = new PackStore(join(dataDir, 'models'));
  if (!store.isInstalled('tiny-clip-immich')) await store.import(tinyPackDir, 'tiny-clip-immich');
}

export async function openTestEngine(opts: Partial<EngineOptions> & { dataDir?: string; withModel?: boolean } = {}): Promise<{ engine: Engine; dataDir: string; cleanup: () => Promise<void> }> {
  const dir = opts.dataDir ? { path: opts.dataDir, cleanup: () => undefined } : tempDir('glimpse-engine-');
  if (opts.withModel !== false) await importTinyPack(dir.path);
  const engine = await Engine.open({ dataDir: dir.path, providers: ['cpu'], ...opts });
  return {
    engine,
    dataDir: dir.path,
    cleanup: async () => {
      await engine.close();
      dir.cleanup();
    },
  };
}

/** Polls until fn() is truthy (or throws after timeoutMs). */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 15_000, stepMs = 100): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
