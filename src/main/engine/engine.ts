// The engine facade: implements the contract (EngineHost) over the catalog, the model pack, the
// HNSW indexes, the indexer and the library. Front ends (CLI, HTTP server, Electron IPC) parse
// their input with the contract schemas and call this; nothing here knows about Electron.
import './util/ort-telemetry-off'; // first: before anything loads onnxruntime-node
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { CallInput, CallOutput, EventName, EventPayload, FileInfo } from '../../shared/contract';
import { Calls, LocalCalls, type LocalCallInput, type LocalCallOutput } from '../../shared/contract';
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';
import type { EngineHost, MediaKind, ResolvedMedia } from './engine-host';
import { Indexer, type OcrPipeline } from './ingest/indexer';
import { createOcrEngine, type OcrEngine } from './extract/ocr';
import { Library, type ScanSummary } from './ingest/library';
import { notIndexedSummary } from './ingest/scan-skips';
import { resolveMedia } from './media';
import { removeModelData } from './model-removal';
import { Problems } from './problems';
import { documentPassages } from './document-passages';
import { describeFile } from './file-info';
import { registerInternals } from './engine-internals';
import { requeueIncomplete } from './ingest/requeue';
import { expandHome } from './util/expand-home';
import { PackStore } from './models/pack-store';
import { openActiveModel, type ActiveModel } from './active-model';
import { ImageQueries } from './search/image-queries';
import { SearchService } from './search/search-service';
import { DuplicateGroups } from './search/duplicate-groups';
import { combineQueries } from './search/refine';
import { browseByFilters } from './search/browse';
import { DataDir } from './util/data-dir';
import { logger, setLogFile } from './util/logger';
import { documentPipeline } from './ingest/document-pipeline';
import { DocMetaBackfill } from './ingest/doc-meta-backfill';
import type { ProviderName } from './models/providers';
import { openLibraryCatalog } from './library-owner';
import type { DataDirLock, LockRequest } from './util/data-dir-lock';

const log = logger('engine');

export interface EngineOptions {
  dataDir: string;
  providers?: ProviderName[];
  /** Watch folders with chokidar after the initial scan (the app, `glimpse watch`, `glimpse serve`). */
  watch?: boolean;
  /** Jobs per indexing transaction. */
  batchSize?: number;
  /** Read text in images (OCR) as a background pass after embedding (default true). */
  ocr?: boolean;
  /**
   * This process is about to index (the app, `glimpse index|watch|serve`, which scan their folders
   * as soon as they are open): the visual model loads while the engine opens, so the first batch
   * does not wait for it.
   */
  indexing?: boolean;
  /**
   * The data dir lock (one writer per library). Default: a writer named "glimpse", long-running
   * when it watches. `readOnly` (search, status): opens without the lock when another process owns it.
   */
  lock?: Partial<LockRequest>;
  /** Open the active model (default true). False for commands that manage packs or read text only. */
  model?: boolean;
  /** Where modelsInstall downloads packs from (default: GLIMPSE_MODEL_BASE_URL or Hugging Face). */
  modelBaseUrl?: string;
}

export class Engine implements EngineHost {
  private readonly dirs: DataDir;
  private readonly catalog: Catalog;
  private readonly packs: PackStore;
  private runtime: ActiveModel | null;
  private indexer!: Indexer;
  private searchService!: SearchService;
  private images!: ImageQueries;
  private duplicateGroups!: DuplicateGroups;
  private problemsCache: Problems | null = null;
  private get problems(): Problems {
    return (this.problemsCache ??= new Problems(this.catalog));
  }
  private readonly library: Library;
  private readonly events = new EventEmitter();
  private readonly opts: EngineOptions;
  private lastProgressEmit = 0;
  private ocrEngine: Promise<OcrEngine> | null = null;
  /** Downloads in flight, by model name (modelsCancelInstall aborts them). */
  private readonly installs = new Map<string, AbortController>();

  private constructor(opts: EngineOptions, dirs: DataDir, catalog: Catalog, packs: PackStore, runtime: ActiveModel | null) {
    this.opts = opts;
    this.dirs = dirs;
    this.catalog = catalog;
    this.packs = packs;
    this.runtime = runtime;
    this.events.setMaxListeners(100);
    this.library = new Library({
      catalog,
      dataDir: dirs.root,
      onQueued: () => void this.indexer.kick().catch((err) => log.error('indexing stopped', err)),
      onWorkFound: () => this.warmVisualModel(),
      onOrphans: (sweep) => {
        this.runtime?.indexes.forget(sweep);
        this.searchService.invalidate();
        this.duplicateGroups?.invalidate();
      },
    });
    const activeModel = () => this.runtime;
    registerInternals(this, {
      dirs,
      catalog,
      packs,
      library: this.library,
      get activeModel() {
        return activeModel();
      },
      saveIndexes: () => this.saveIndexes(),
    });
    this.wire();
  }

  /** This process's hold on the data dir; null for a reader while another process owns it. */
  private lock: DataDirLock | null = null;

  /** True when this engine is the library's one writer (it holds the data dir lock). */
  get ownsLibrary(): boolean {
    return this.lock !== null;
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const dirs = new DataDir(opts.dataDir);
    setLogFile(dirs.logFile);
    const { catalog, lock } = await openLibraryCatalog(dirs, { command: 'glimpse', longRunning: opts.watch ?? false, ...opts.lock });
    const packs = new PackStore(dirs.modelsDir);
    let active: { runtime: ActiveModel | null; problem: string | null };
    try {
      active = opts.model === false ? { runtime: null, problem: null } : await Engine.openActiveModel(packs, catalog, dirs, opts.providers, opts.indexing && catalog.jobs.counts().pending > 0);
    } catch (err) {
      catalog.close();
      lock?.release();
      throw err;
    }
    const engine = new Engine(opts, dirs, catalog, packs, active.runtime);
    engine.modelProblem = active.problem;
    engine.lock = lock;
    if (lock) engine.requeueMissingVectors();
    // Documents indexed before titles were kept get them in the background (runs once per library).
    if (lock && (opts.watch || opts.indexing)) void (engine.titles = new DocMetaBackfill(catalog)).start();
    if (opts.watch) await engine.library.watchAll();
    return engine;
  }

  /** Why the chosen model cannot be used (search is keyword-only meanwhile), or null. */
  private modelProblem: string | null = null;

  /**
   * The chosen pack's runtime, or none with the reason when the pack is missing, incomplete or
   * broken: the library still opens (keyword search, status, repair) and says what is wrong,
   * instead of failing to open or silently going keyword-only.
   */
  private static async openActiveModel(packs: PackStore, catalog: Catalog, dirs: DataDir, providers: ProviderName[] | undefined, loadVisual: boolean | undefined): Promise<{ runtime: ActiveModel | null; problem: string | null }> {
    const problem = packs.activeProblem();
    if (problem) {
      log.warn(problem);
      return { runtime: null, problem };
    }
    try {
      const pack = packs.activePack();
      return { runtime: pack ? await openActiveModel(pack, catalog, dirs.indexesDir, dirs.cacheDir, { providers, loadVisual }) : null, problem: null };
    } catch (err) {
      if (!(err instanceof GlimpseError && err.kind === 'model-invalid')) throw err;
      const why = `the model "${packs.activeName() ?? '?'}" cannot be used: ${err.message}`;
      log.warn(why);
      return { runtime: null, problem: why };
    }
  }

  /** (Re)builds the parts that depend on the active model. */
  private wire(): void {
    const rt = this.runtime;
    this.indexer = new Indexer({
      catalog: this.catalog,
      thumbnailsDir: this.dirs.thumbnailsDir,
      model: rt,
      documents: documentPipeline(),
      ocr: this.opts.ocr === false ? null : this.ocrPipeline(),
      batchSize: this.opts.batchSize,
    });
    this.indexer.on('progress', (p) => {
      const t = Date.now();
      if (t - this.lastProgressEmit >= 250 || p.queued === 0) {
        this.lastProgressEmit = t;
        this.events.emit('progress', p);
      }
    });
    this.indexer.on('fileError', (e) => {
      // With its file id (the Problems list's actions); not at all when the user ignores that file's problems.
      const announced = this.problems.announce(e);
      if (announced) this.events.emit('fileError', announced);
    });
    this.indexer.on('idle', () => this.searchService.invalidate());
    // Duplicate groups are recomputed on the next call after indexing or a sweep changed the library.
    this.duplicateGroups ??= new DuplicateGroups(this.catalog);
    this.indexer.on('idle', () => this.duplicateGroups.invalidate());
    this.searchService = new SearchService(this.catalog, rt);
    this.images = new ImageQueries(this.catalog, rt, this.library);
  }

  /** OCR engine (PaddleOCR ONNX in a worker thread), created on first use. */
  private ocrPipeline(): OcrPipeline {
    return {
      ocr: async (path) => {
        this.ocrEngine ??= createOcrEngine({ workers: 1 });
        return (await this.ocrEngine).ocr(path);
      },
      ocrPdfPage: async (path, page) => {
        this.ocrEngine ??= createOcrEngine({ workers: 1 });
        return (await this.ocrEngine).ocrPdfPage(path, page);
      },
    };
  }

  /** Files whose content lacks a vector for the active model (model switch) or a perceptual hash (older catalog) go back in the queue. */
  private requeueMissingVectors(): void {
    const n = requeueIncomplete(this.catalog, this.runtime?.id ?? null);
    if (n) log.info(`${n} indexed files queued again${this.runtime ? ` for ${this.runtime.id}` : ''}`);
  }

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    this.events.on(event, listener as (p: unknown) => void);
    return () => this.events.off(event, listener as (p: unknown) => void);
  }

  // ---- indexing ----

  /** Scans every watched folder and indexes until the queue is empty. */
  async indexNow(): Promise<ScanSummary[]> {
    const summaries = await this.library.scanAll();
    await this.indexer.runUntilIdle();
    this.library.collectOrphans();
    this.saveIndexes();
    return summaries;
  }

  /** Starts background indexing of whatever is queued (scan first unless asked not to). */
  async startIndexing(input: LocalCallInput<'startIndexing'> = {}): Promise<LocalCallOutput<'startIndexing'>> {
    const { scan } = LocalCalls.startIndexing.input.parse(input);
    if (scan) await this.library.scanAll();
    void this.indexer.kick().catch((err) => log.error('indexing stopped', err));
    return { ok: true };
  }

  /**
   * Loads the visual model while the folders are scanned, once the scan finds work: an unchanged
   * library never loads it (~0.9 GB at ViT-B/32, bench/library-scale).
   */
  private warmVisualModel(): void {
    this.runtime?.embedder.visual().catch(() => undefined); // a failure resurfaces when indexing asks for it
  }

  private saveIndexes(): void {
    this.runtime?.indexes.save();
  }

  // ---- contract calls ----

  async search(input: CallInput<'search'>): Promise<CallOutput<'search'>> {
    const req = Calls.search.input.parse(input);
    const res = req.filtersOnly ? browseByFilters(this.catalog, req) : await this.searchService.search(req);
    return this.modelProblem ? { ...res, warning: `keyword matches only: ${this.modelProblem}` } : res;
  }

  async similar(input: CallInput<'similar'>): Promise<CallOutput<'similar'>> {
    const req = Calls.similar.input.parse(input);
    const [q, hash] = await Promise.all([this.images.embeddingOf(req.image), this.images.dhashOf(req.image)]);
    if (req.text) {
      // "This photo + at night": neighbours of both; copies of the photo are no longer forced first.
      const combined = combineQueries(q, await this.searchService.embedQuery(req.text));
      return this.searchService.similarByVector(combined, req.k, { ...req.filters, type: 'image' }, req.includeBelowCutoff, null);
    }
    return this.searchService.similarByVector(q, req.k, { ...req.filters, type: 'image' }, req.includeBelowCutoff, hash);
  }

  async duplicates(input: CallInput<'duplicates'>): Promise<CallOutput<'duplicates'>> {
    const { page, pageSize } = Calls.duplicates.input.parse(input);
    return this.duplicateGroups.page(page, pageSize);
  }

  async related(input: CallInput<'related'>): Promise<CallOutput<'related'>> {
    const t0 = performance.now();
    const req = Calls.related.input.parse(input);
    const q = await this.images.embeddingOf(req.image);
    return { results: this.searchService.relatedByVector(q, req.k), tookMs: Math.round(performance.now() - t0) };
  }

  async explain(input: CallInput<'explain'>): Promise<CallOutput<'explain'>> {
    const req = Calls.explain.input.parse(input);
    return this.images.explain(req);
  }

  async status(): Promise<CallOutput<'status'>> {
    const counts = this.catalog.files.countsByStatus();
    const rt = this.runtime;
    return {
      files: { indexed: counts.indexed, failed: counts.failed, queued: counts.queued, skipped: counts.skipped },
      byKind: this.catalog.files.countsByKind('indexed'),
      model: rt ? { name: rt.pack.name, dim: rt.pack.embedDim, family: rt.pack.family } : null,
      provider: rt ? rt.embedder.provider : null,
      providerFallbackReason: rt ? rt.embedder.providerFallbackReason : null,
      modelProblem: this.modelProblem,
      folders: this.library.list(),
      // Failed files and scanned pages OCR could not read, less those the user ignores (problems.ts).
      ...(({ problems, ignored }) => ({ lastErrors: problems, ignoredProblems: ignored }))(this.problems.list(20)),
      progress: this.indexer.progress(),
      notIndexed: notIndexedSummary(this.catalog),
      watch: this.library.watchStatus(),
      titles: this.titlesStatus(),
    };
  }

  /** The title backfill while it has documents to read (ingest/doc-meta-backfill.ts). */
  private titlesStatus(): { read: number; left: number; titled: number } | undefined {
    const p = this.titles?.progress();
    return p && !p.done && p.left > 0 ? { read: p.read, left: p.left, titled: p.titled } : undefined;
  }

  async fileInfo(input: CallInput<'fileInfo'>): Promise<FileInfo> {
    const { fileId } = Calls.fileInfo.input.parse(input);
    return describeFile(this.catalog, fileId);
  }

  // ---- local calls (the CLI: paths on this machine) ----

  async fileByPath(input: LocalCallInput<'fileByPath'>): Promise<FileInfo> {
    const { path } = LocalCalls.fileByPath.input.parse(input);
    const file = this.catalog.files.getByPath(resolvePath(expandHome(path)));
    if (!file) throw new GlimpseError('not-found', `not in the library: ${path}`);
    return describeFile(this.catalog, file.id);
  }

  async embed(input: LocalCallInput<'embed'>): Promise<LocalCallOutput<'embed'>> {
    const { texts, images } = LocalCalls.embed.input.parse(input);
    const rt = this.runtime;
    if (!rt) throw new GlimpseError('model-missing', this.modelProblem ?? 'no model pack installed: run `glimpse models install <name>` or `glimpse models import <dir>`');
    if (images) for (const p of images) if (!existsSync(p)) throw new GlimpseError('not-found', `no such file: ${p}`);
    const vectors = texts ? await rt.embedder.embedTexts(texts) : await rt.embedder.embedImages(images!);
    return { model: rt.pack.name, dim: rt.pack.embedDim, provider: rt.embedder.provider, embeddings: vectors.map((v) => Array.from(v)) };
  }

  async ocr(input: LocalCallInput<'ocr'>): Promise<LocalCallOutput<'ocr'>> {
    const { path, page } = LocalCalls.ocr.input.parse(input);
    if (!existsSync(path)) throw new GlimpseError('not-found', `no such file: ${path}`);
    const isPdf = /\.pdf$/i.test(path);
    if (page !== undefined && !isPdf) throw new GlimpseError('bad-request', 'a page number is for PDF files');
    this.ocrEngine ??= createOcrEngine({ workers: 1 });
    const reader = await this.ocrEngine;
    return isPdf ? reader.ocrPdfPage(path, page ?? 1) : reader.ocr(path);
  }

  async foldersList(): Promise<CallOutput<'foldersList'>> {
    return this.library.list();
  }

  async foldersAdd(input: CallInput<'foldersAdd'>): Promise<CallOutput<'foldersAdd'>> {
    const { path, scan } = Calls.foldersAdd.input.parse(input);
    // "~/Pictures" typed in browser mode means the home folder, not <server cwd>/~/Pictures.
    const folder = this.library.add(expandHome(path));
    if (this.opts.watch) await this.library.watchFolder(folder.path);
    if (scan === 'wait') {
      await this.library.scan(folder.path);
      return this.library.list().find((f) => f.id === folder.id) ?? folder;
    }
    if (scan === 'background') void this.library.scan(folder.path).catch((err) => log.error(`scan of ${folder.path} failed`, err));
    return folder;
  }

  async foldersRemove(input: CallInput<'foldersRemove'>): Promise<CallOutput<'foldersRemove'>> {
    const { path } = Calls.foldersRemove.input.parse(input);
    await this.library.remove(path);
    return { ok: true };
  }

  async pause(): Promise<CallOutput<'pause'>> {
    return this.indexer.pause();
  }

  async resume(): Promise<CallOutput<'resume'>> {
    return this.indexer.resume();
  }

  async modelsList(): Promise<CallOutput<'modelsList'>> {
    return this.packs.list();
  }

  async modelsInstall(input: CallInput<'modelsInstall'>): Promise<CallOutput<'modelsInstall'>> {
    const { name } = Calls.modelsInstall.input.parse(input);
    if (this.installs.has(name)) throw new GlimpseError('bad-request', `${name} is already downloading`);
    const abort = new AbortController();
    this.installs.set(name, abort);
    let info: CallOutput<'modelsInstall'>;
    try {
      // Cancel answers at once, even while the download waits between retries (it stops there).
      const cancelled = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(new GlimpseError('cancelled', `download of ${name} cancelled`)), { once: true }));
      const install = this.packs.install(name, { baseUrl: this.opts.modelBaseUrl, signal: abort.signal, onProgress: (p) => this.events.emit('download', p) });
      install.catch(() => undefined); // after a cancel, its own 'cancelled' rejection lands here
      info = await Promise.race([install, cancelled]);
    } finally {
      this.installs.delete(name);
    }
    if (info.inUse && this.runtime?.pack.name !== name) await this.switchModel();
    return info;
  }

  async modelsImport(input: CallInput<'modelsImport'>): Promise<CallOutput<'modelsImport'>> {
    const { dir, name } = Calls.modelsImport.input.parse(input);
    const info = await this.packs.import(dir, name);
    if (info.inUse && this.runtime?.pack.name !== info.name) await this.switchModel();
    return info;
  }

  async modelsUse(input: CallInput<'modelsUse'>): Promise<CallOutput<'modelsUse'>> {
    const { name } = Calls.modelsUse.input.parse(input);
    const info = this.packs.use(name);
    if (this.runtime?.pack.name !== name) await this.switchModel();
    return info;
  }

  async documentPassages(input: CallInput<'documentPassages'>): Promise<CallOutput<'documentPassages'>> {
    const { fileId } = Calls.documentPassages.input.parse(input);
    return documentPassages(this.catalog, fileId);
  }

  async problemRetry(input: CallInput<'problemRetry'>): Promise<CallOutput<'problemRetry'>> {
    const { fileId } = Calls.problemRetry.input.parse(input);
    const queued = this.problems.retry(fileId);
    void this.indexer.kick().catch((err) => log.error('indexing stopped', err));
    return queued;
  }

  async problemIgnore(input: CallInput<'problemIgnore'>): Promise<CallOutput<'problemIgnore'>> {
    const req = Calls.problemIgnore.input.parse(input);
    if (req.all) this.problems.unignoreAll();
    else this.problems.ignore(req.fileId!, req.ignored);
    return { ok: true };
  }

  async modelsCancelInstall(input: CallInput<'modelsCancelInstall'>): Promise<CallOutput<'modelsCancelInstall'>> {
    const { name } = Calls.modelsCancelInstall.input.parse(input);
    this.installs.get(name)?.abort();
    return { ok: true };
  }

  /** Removes a pack, its vectors and index files; the active one is closed first (no model is active after). */
  async modelsRemove(input: CallInput<'modelsRemove'>): Promise<CallOutput<'modelsRemove'>> {
    const { name } = Calls.modelsRemove.input.parse(input);
    const active = this.runtime?.pack.name === name;
    if (active) {
      await this.indexer.stop();
      const old = this.runtime;
      this.runtime = null;
      await old?.close();
    }
    const report = removeModelData({ catalog: this.catalog, packs: this.packs, indexesDir: this.dirs.indexesDir, name });
    if (active) {
      this.wire();
      void this.indexer.kick();
    }
    this.searchService.invalidate();
    return report;
  }

  /** Loads the active pack's runtime in place of the current one; files are re-embedded in the background. */
  private async switchModel(): Promise<void> {
    await this.indexer.stop();
    const old = this.runtime;
    // Every file is re-embedded with the new pack: its visual model loads while the pack opens.
    const active = await Engine.openActiveModel(this.packs, this.catalog, this.dirs, this.opts.providers, true);
    this.runtime = active.runtime;
    this.modelProblem = active.problem;
    if (old) await old.close();
    this.wire();
    this.requeueMissingVectors();
    void this.indexer.kick();
  }

  async resolveMedia(kind: MediaKind, fileId: number): Promise<ResolvedMedia> {
    return resolveMedia(this.catalog, this.dirs, kind, fileId);
  }

  /** Reads the titles of documents indexed before they were kept (owner only). */
  private titles: DocMetaBackfill | null = null;

  async close(): Promise<void> {
    await this.titles?.stop();
    await this.library.close();
    await this.indexer.stop();
    if (this.ocrEngine) await (await this.ocrEngine.catch(() => null))?.close();
    if (this.runtime) await this.runtime.close();
    this.runtime = null;
    this.catalog.close();
    this.lock?.release();
    this.lock = null;
  }
}
