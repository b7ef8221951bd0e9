// The engine's one door. Front ends (src/main/cli, src/main/server, src/main/ipc and the Electron
// processes) import this module and src/shared only; lint refuses imports of anything else under
// src/main/engine from them (eslint.config.js). Everything a front end does goes through an
// EngineHost: the contract's calls, the CLI's local calls, events and media by opaque id.
import { Engine, type EngineOptions } from './engine';
import type { EngineHost } from './engine-host';
import { examineLibrary as examine, repairLibrary as repair, type DoctorReport } from './catalog';
import { DataDir } from './util/data-dir';

export type { EngineHost, MediaKind, ResolvedMedia, UiEngineHost } from './engine-host';
export type { EngineOptions } from './engine';
export type { DoctorFinding, DoctorReport } from './catalog';
export type { LockOwner } from './util/data-dir-lock';
export { describeOwner } from './util/data-dir-lock';
export { defaultDataDir } from './util/data-dir';
export { asPlainIoError } from './util/io-errors';
export { logger } from './util/logger';

/** Opens the library in `opts.dataDir` (created when missing) with its active model. */
export function openEngine(opts: EngineOptions): Promise<EngineHost> {
  return Engine.open(opts);
}

/** Checks a library without opening it (a damaged catalog cannot be opened): `glimpse doctor`. */
export function examineLibrary(dataDir: string): DoctorReport {
  return examine(new DataDir(dataDir));
}

/** Rebuilds a damaged catalog from the kept folder list; open the engine and index afterwards. */
export function repairLibrary(dataDir: string): Promise<{ actions: string[] }> {
  return repair(new DataDir(dataDir));
}
export { setLogFile } from './util/logger';
export { writeFileAtomic } from './util/atomic-write';
