// Installed model packs under <data-dir>/models/<name>: install (download), import (local folder),
// use, remove, and which pack is active. A new pack is assembled in a staging folder, proven to
// work (tokeniser + both ONNX sessions run once), and only then swapped in, so a broken download or
// import never replaces a working pack.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadProgress, ModelInfo } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import { writeFileAtomic } from '../util/atomic-write';
import { logger } from '../util/logger';
import { downloadFile } from './download';
import { ClipEmbedder } from './embedder';
import { modelBaseUrl, modelCatalog } from './model-catalog';
import { recommendModel } from './model-recommendation';
import { loadPack, type ModelPack } from './pack';
import { preparePatchModelInWorker } from '../explain/prepare-patch-in-worker';

const log = logger('pack-store');
const NAME = /^[A-Za-z0-9._-]+$/;

export interface InstallOptions {
  baseUrl?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export class PackStore {
  readonly dir: string;

  constructor(modelsDir: string) {
    this.dir = modelsDir;
    mkdirSync(this.dir, { recursive: true });
    this.recoverStaging();
  }

  /**
   * Finishes or undoes what a killed process left in .staging: a pack moved aside for a re-import
   * whose replacement never arrived is put back (the swap is two renames); an import or a moved-aside
   * pack of a process that is gone is deleted. Downloads' staging folders stay: they resume.
   */
  private recoverStaging(): void {
    const staging = join(this.dir, '.staging');
    let entries: string[];
    try {
      entries = readdirSync(staging);
    } catch {
      return;
    }
    for (const entry of entries) {
      const m = /^(.+)\.(old|import)-(\d+)$/.exec(entry);
      if (!m) continue;
      const [, name, what, pid] = m as unknown as [string, string, string, string];
      if (Number(pid) !== process.pid && processAlive(Number(pid))) continue;
      const path = join(staging, entry);
      try {
        if (what === 'old' && NAME.test(name) && !existsSync(join(this.dir, name))) {
          renameSync(path, join(this.dir, name));
          log.warn(`restored model pack ${name}: a re-import was interrupted before the new pack was in place`);
        } else rmSync(path, { recursive: true, force: true });
      } catch (err) {
        log.warn(`could not clean ${path}: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Why the library has no usable pack although one was chosen (active.json damaged, or naming a
   * pack that is missing or incomplete), or null. The engine reports it in status and search.
   */
  activeProblem(): string | null {
    let raw: string;
    try {
      raw = readFileSync(this.activeFile(), 'utf8');
    } catch {
      return null; // none chosen (never, or the active pack was removed): plain keyword-only
    }
    let name: unknown;
    try {
      name = (JSON.parse(raw) as { name?: unknown }).name;
    } catch {
      name = undefined;
    }
    if (typeof name !== 'string') return `models/active.json is damaged: choose the model again (glimpse models use <name>, or the Models sheet)`;
    if (!this.isInstalled(name)) return `the model "${name}" chosen for this library is missing or incomplete (no config.json): install or import it again, or choose another`;
    return null;
  }

  private activeFile(): string {
    return join(this.dir, 'active.json');
  }

  activeName(): string | null {
    try {
      const v = JSON.parse(readFileSync(this.activeFile(), 'utf8')) as { name?: unknown };
      return typeof v.name === 'string' && this.isInstalled(v.name) ? v.name : null;
    } catch {
      return null;
    }
  }

  /** The active pack, loaded and validated; null when none is installed/selected. */
  activePack(): ModelPack | null {
    const name = this.activeName();
    return name ? loadPack(join(this.dir, name), name) : null;
  }

  isInstalled(name: string): boolean {
    return NAME.test(name) && existsSync(join(this.dir, name, 'config.json'));
  }

  installedNames(): string[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && this.isInstalled(d.name))
      .map((d) => d.name)
      .sort();
  }

  list(): ModelInfo[] {
    const catalog = modelCatalog();
    const active = this.activeName();
    const installed = new Set(this.installedNames());
    const pick = recommendModel();
    const infos: ModelInfo[] = catalog.models.map((m) => ({
      ...m,
      installed: installed.has(m.name),
      inUse: active === m.name,
      isDefault: catalog.default === m.name,
      recommended: pick.name === m.name,
      recommendedReason: pick.name === m.name ? pick.reason : null,
    }));
    for (const name of installed) {
      if (catalog.models.some((m) => m.name === name)) continue;
      infos.push(this.infoFor(name));
    }
    return infos;
  }

  infoFor(name: string): ModelInfo {
    const known = modelCatalog().models.find((m) => m.name === name);
    if (!this.isInstalled(name)) {
      if (known) return { ...known, installed: false, inUse: false, isDefault: modelCatalog().default === name };
      throw new GlimpseError('not-found', `unknown model "${name}" (see \`glimpse models list\`)`);
    }
    const pack = loadPack(join(this.dir, name), name);
    return {
      name,
      family: known?.family ?? pack.family,
      dim: pack.embedDim,
      sizeMB: Math.round(pack.bytes / 1e6),
      languages: known?.languages ?? ['unknown'],
      description: known?.description ?? 'Imported model pack',
      installed: true,
      inUse: this.activeName() === name,
      isDefault: modelCatalog().default === name,
    };
  }

  use(name: string): ModelInfo {
    if (!this.isInstalled(name)) throw new GlimpseError('not-found', `model "${name}" is not installed (install or import it first)`);
    loadPack(join(this.dir, name), name);
    writeFileAtomic(this.activeFile(), JSON.stringify({ name }));
    return this.infoFor(name);
  }

  remove(name: string): void {
    if (!this.isInstalled(name)) throw new GlimpseError('not-found', `model "${name}" is not installed`);
    if (this.activeName() === name) rmSync(this.activeFile(), { force: true });
    rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  async install(name: string, opts: InstallOptions = {}): Promise<ModelInfo> {
    const catalog = modelCatalog();
    if (!NAME.test(name)) throw new GlimpseError('bad-request', `invalid model name "${name}"`);
    if (!catalog.models.some((m) => m.name === name)) {
      throw new GlimpseError('not-found', `unknown model "${name}"; known: ${catalog.models.map((m) => m.name).join(', ')}`);
    }
    const base = (opts.baseUrl ?? modelBaseUrl()).replace(/\/+$/, '');
    // A stable staging folder, so an interrupted install resumes its .part files next time.
    const staging = join(this.dir, '.staging', name);
    mkdirSync(staging, { recursive: true });
    for (const file of catalog.files) {
      const dest = join(staging, file);
      if (existsSync(dest)) continue;
      const url = `${base}/${name}/resolve/main/${file}`;
      try {
        await downloadFile(url, dest, {
          signal: opts.signal,
          onProgress: (received, total) => opts.onProgress?.({ model: name, file, received, total, done: false }),
        });
      } catch (err) {
        if (err instanceof GlimpseError && err.kind === 'not-found' && catalog.optionalFiles.includes(file)) continue;
        throw err;
      }
      opts.onProgress?.({ model: name, file, received: statSync(dest).size, total: statSync(dest).size, done: true });
    }
    return this.adopt(staging, name);
  }

  async import(sourceDir: string, name?: string): Promise<ModelInfo> {
    if (!existsSync(sourceDir) || !statSync(sourceDir).isDirectory()) throw new GlimpseError('not-found', `no such folder: ${sourceDir}`);
    const packName = name ?? sourceDir.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? 'imported';
    if (!NAME.test(packName)) throw new GlimpseError('bad-request', `invalid model name "${packName}" (use --name)`);
    loadPack(sourceDir, packName); // fail early, before copying hundreds of MB
    const staging = join(this.dir, '.staging', `${packName}.import-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const sub of ['config.json', 'visual', 'textual']) {
      await cp(join(sourceDir, sub), join(staging, sub), { recursive: true, filter: (src) => !src.endsWith('.part') }); // async: hundreds of MB
    }
    // cp keeps the source's modes: a pack imported from a read-only folder (r-x) could not be
    // replaced or removed later. The copy is ours: owner read/write.
    makeOwnerWritable(staging);
    return this.adopt(staging, packName);
  }

  /** Proves a staged pack works, then swaps it in atomically-ish (old pack kept until the new one is in place). */
  private async adopt(staging: string, name: string): Promise<ModelInfo> {
    try {
      const pack = loadPack(staging, name);
      const embedder = await ClipEmbedder.open(pack, { providers: ['cpu'], visualInWorker: true }); // the visual load and run off the event loop
      try {
        const [t] = await embedder.embedTexts(['a photo']);
        const S = pack.preprocess.size;
        const [v] = await embedder.embedImageTensors([new Float32Array(3 * S * S)]);
        if (!t || !v || t.some(Number.isNaN) || v.some(Number.isNaN)) throw new Error('the model produced NaN embeddings');
      } finally {
        await embedder.close();
      }
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      const message = err instanceof Error ? err.message : String(err);
      throw new GlimpseError('model-invalid', `model pack "${name}" does not work, previous pack kept: ${message}`);
    }
    const target = join(this.dir, name);
    const old = join(this.dir, '.staging', `${name}.old-${process.pid}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
    // Per-patch embeddings for explanations: transform the visual graph once now, not on the first "explain".
    const patch = await preparePatchModelInWorker(join(target, 'visual', 'model.onnx')).catch((err: Error) => ({ ok: false as const, reason: err.message }));
    if (!patch.ok) log.info(`no patch model for ${name} (explanations use occlusion): ${patch.reason}`);
    if (!this.activeName()) this.use(name);
    log.info(`installed model pack ${name}`);
    return this.infoFor(name);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** u+rw on files, u+rwx on folders, below and including `path`. */
function makeOwnerWritable(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.mode | (st.isDirectory() ? 0o700 : 0o600));
  if (st.isDirectory()) for (const e of readdirSync(path)) makeOwnerWritable(join(path, e));
}
