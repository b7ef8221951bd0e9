// Opens the engine for a CLI command and always closes it (indexes saved, SQLite closed).
import { Engine, type EngineOptions } from '../engine/engine';
import type { CliContext } from './context';

export async function withEngine<T>(ctx: CliContext, fn: (engine: Engine) => Promise<T>, opts: Partial<EngineOptions> = {}): Promise<T> {
  const engine = await Engine.open({ dataDir: ctx.dataDir, ...opts });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
