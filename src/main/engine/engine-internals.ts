// What tests and benches may reach inside an engine (test/helpers/engine-internals.ts); front ends
// may not (they import src/main/engine/index.ts only, which does not export this).
import type { ActiveModel } from './active-model';
import type { Catalog } from './catalog';
import type { Library } from './ingest/library';
import type { PackStore } from './models/pack-store';
import type { DataDir } from './util/data-dir';

export interface EngineInternals {
  readonly dirs: DataDir;
  readonly catalog: Catalog;
  readonly packs: PackStore;
  readonly library: Library;
  readonly activeModel: ActiveModel | null;
  /** Writes both HNSW indexes now (close does too). */
  saveIndexes(): void;
}

const internalsByEngine = new WeakMap<object, EngineInternals>();

/** Called by the engine's constructor. */
export function registerInternals(engine: object, internals: EngineInternals): void {
  internalsByEngine.set(engine, internals);
}

/** The internals of an engine opened by this process; throws for anything else. */
export function engineInternals(engine: object): EngineInternals {
  const i = internalsByEngine.get(engine);
  if (!i) throw new Error('not an engine opened in this process');
  return i;
}
