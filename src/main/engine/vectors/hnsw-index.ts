// One HNSW index (hnswlib-node) for one (model id, space): 'images' (labels = content ids) or
// 'chunks' (labels = chunk ids). The SQLite vector tables are the truth; this file is derived:
//
//   const idx = HnswIndex.open({ dir, source: cat.vectors.source('images', modelId) });
//   idx.add(contentId, vector);          // after the vector is committed to SQLite
//   idx.maybeSave();                     // caller-driven batching: every N adds or T ms
//   idx.knn(query, 100, { allowed });    // -> [{ id, score (cosine), distance }], best first
//   idx.close();                         // saves if anything changed
//
// open() never trusts the file blindly: a missing or unreadable sidecar, another model or
// dimension, or a file that fails validation (hnsw-file.ts) means a rebuild from SQLite; a valid
// file is reconciled with SQLite (adds the vectors SQLite has and the file lacks, e.g. after a
// crash between commit and save; marks deleted the ids SQLite no longer has).
//
// Vectors are L2-normalised on the way in and stored in an inner-product space, so
// score = 1 - distance = cosine similarity. Capacity doubles when full; deleted ids keep their
// slot until compact().
// Saves are atomic: write a temp file, fsync, rename over, then write the sidecar. A large index
// (>= 64 MB of graph) is saved by maybeSave() in the background (hnswlib writes on a libuv
// thread; changes meanwhile wait in PendingChanges and searches merge them), and less often the
// larger it is: rewriting 554 MB at 250k photos every 30 s blocked searches for seconds. What a
// crash loses since the last save is re-added from SQLite at the next open.
// openAsync() starts from the int8 mirror saved beside the graph (mirror-file.ts: 130 MB at 250k
// x 512, one sequential read) and answers searches by an exact scan of it while hnswlib reads the
// graph on a libuv thread (changes meanwhile wait in PendingChanges, as during a background
// save). Without a usable mirror file it reads the graph first and fills the mirror after open,
// in slices (mirror-filler.ts).
import hnswlib from 'hnswlib-node';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import { logger } from '../util/logger';
import { loadIndexFile, loadIndexFileAsync, removeStaleTemps, writeIndexFileAtomic, writeIndexFileInBackground, type LoadedIndexFile } from './index-file-io';
import { idFingerprint, INDEX_FORMAT, readMeta, writeMeta, type IndexMeta } from './index-meta';
import { Int8Mirror } from './int8-mirror';
import { readMirrorFile, reconcileMirror, writeMirrorFile } from './mirror-file';
import { fillMirrorFromFile, type FillHandle } from './mirror-filler';
import { PendingChanges } from './pending-changes';
import { BACKGROUND_SAVE_MIN_BYTES, saveDue } from './save-policy';
import { DEFAULT_HNSW_PARAMS, type HnswParams, type KnnOptions, type Neighbor, type OpenIndexOptions, type OpenReport } from './hnsw-options';
import type { VectorSource, VectorSpace } from './types';

export { DEFAULT_HNSW_PARAMS, type HnswParams, type KnnOptions, type Neighbor, type OpenIndexOptions, type OpenReport };
import { normalizedArray, type Vec } from './vector-math';

const log = logger('vectors');

/** Largest unfiltered over-fetch tried for an `allowed` set before filtering in the graph. */
const MAX_OVERFETCH = 2000;
/** An `allowed` set is scanned exactly (int8 mirror) when |allowed| x dim is at most this (~5 ms). */
const EXACT_SCAN_BUDGET = 5_000_000;

const RESIZE_FACTOR = 2;
const MIN_CAPACITY = 1024;

/** What openAsync hands the constructor: the graph file loaded (or why not), or a saved mirror to start from. */
type Preloaded = LoadedIndexFile | string | { mirror: Int8Mirror; meta: IndexMeta };

export function indexFileBase(dir: string, modelId: string, space: VectorSpace): string {
  const safe = modelId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  const tag = createHash('sha1').update(modelId).digest('hex').slice(0, 8);
  return join(dir, `${safe}-${tag}.${space}`);
}

export class HnswIndex {
  readonly modelId: string;
  readonly space: VectorSpace;
  readonly dim: number;
  readonly file: string;
  readonly metaFile: string;
  /** The saved int8 mirror (mirror-file.ts). */
  readonly mirrorFile: string;
  readonly params: HnswParams;
  readonly openReport: OpenReport;
  /** Default beam width for knn(); may be changed at run time. */
  efSearch: number;

  private index!: hnswlib.HierarchicalNSW;
  private live = new Set<number>();
  private mirror!: Int8Mirror;
  /** Labels still in the graph but marked deleted (they hold a slot until compact()). */
  private deleted = new Set<number>();
  private changes = 0;
  private lastSaveAt = Date.now();
  private readonly saveOverrides: { changes?: number; ms?: number; backgroundSaveMinBytes?: number };
  private closed = false;
  /** A background save in flight (the graph must not change until it settles), and its number. */
  private saving: Promise<boolean> | null = null;
  private saveSeq = 0;
  /** close() came while the graph was busy (saving or loading): finished when it is free. */
  private closeWhenFree = false;
  /** False while openAsync's graph is still being read (searches scan the mirror meanwhile). */
  private graphReady = true;
  private graphLoad: Promise<void> | null = null;
  private loadSeq = 0;
  private readonly pending = new PendingChanges();
  /** The mirror's fill from the file after open; ids changed meanwhile (the fill skips them). */
  private mirrorFill: FillHandle | null = null;
  private mirrorComplete = true;
  private touched: Set<number> | null = null;

  private constructor(
    private readonly source: VectorSource,
    opts: OpenIndexOptions,
    dim: number,
    preloaded?: Preloaded,
  ) {
    this.modelId = source.modelId;
    this.space = source.space;
    this.dim = dim;
    const base = indexFileBase(opts.dir, source.modelId, source.space);
    this.file = `${base}.hnsw`;
    this.metaFile = `${base}.meta.json`;
    this.mirrorFile = `${base}.mirror`;
    this.params = { ...DEFAULT_HNSW_PARAMS, ...opts.params };
    this.efSearch = this.params.efSearch;
    this.saveOverrides = { ...opts.saveEvery, backgroundSaveMinBytes: opts.backgroundSaveMinBytes };
    const t0 = performance.now();
    const r = this.load(opts, preloaded);
    this.openReport = { ...r, count: this.live.size, ms: performance.now() - t0 };
    if (r.action === 'rebuilt' && r.reason) log.warn(`${this.file}: rebuilt from the catalog (${r.reason}), ${this.live.size} vectors`);
  }

  /** Opens (creating, validating, reconciling or rebuilding as needed) the index of a source. */
  static open(opts: OpenIndexOptions): HnswIndex {
    const dim = HnswIndex.dimFor(opts);
    return new HnswIndex(opts.source, opts, dim);
  }

  /**
   * open() for the engine: from a saved mirror it resolves as soon as the mirror is read (~0.1-0.4 s
   * at 250k) and loads the graph in the background (graphLoaded says when); without one, it reads
   * the graph on a libuv thread, so the caller can do other work meanwhile.
   */
  static async openAsync(opts: OpenIndexOptions): Promise<HnswIndex> {
    const dim = HnswIndex.dimFor(opts);
    const base = indexFileBase(opts.dir, opts.source.modelId, opts.source.space);
    removeStaleTemps(`${base}.hnsw`);
    removeStaleTemps(`${base}.mirror`);
    const meta = readMeta(`${base}.meta.json`);
    if (meta && meta.modelId === opts.source.modelId && meta.space === opts.source.space && meta.dim === dim && meta.metric === 'ip' && existsSync(`${base}.hnsw`)) {
      const mirror = readMirrorFile(`${base}.mirror`, dim);
      if (typeof mirror !== 'string') return new HnswIndex(opts.source, opts, dim, { mirror, meta });
      if (existsSync(`${base}.mirror`)) log.info(`${base}.mirror: ${mirror}; the graph is read before searches`);
    }
    const preloaded = await loadIndexFileAsync(`${base}.hnsw`, `${base}.meta.json`, { modelId: opts.source.modelId, space: opts.source.space, dim });
    return new HnswIndex(opts.source, opts, dim, preloaded);
  }

  private static dimFor(opts: OpenIndexOptions): number {
    const pinned = opts.source.dim();
    if (opts.dim !== undefined && pinned !== null && opts.dim !== pinned) {
      throw new GlimpseError('model-invalid', `model ${opts.source.modelId} stores ${pinned}-dimensional vectors, not ${opts.dim}`);
    }
    const dim = opts.dim ?? pinned;
    if (dim === null || !Number.isInteger(dim) || dim <= 0) {
      throw new GlimpseError('bad-request', `cannot open the ${opts.source.space} index of model ${opts.source.modelId}: its dimension is unknown`);
    }
    mkdirSync(opts.dir, { recursive: true });
    return dim;
  }

  /** Number of live (searchable) vectors. */
  get size(): number {
    return this.live.size;
  }

  /** Changes since the last save. */
  get pendingChanges(): number {
    return this.changes;
  }

  /** Marked-deleted vectors still occupying the graph; compact() when this is a large share. */
  get deletedCount(): number {
    return this.deleted.size;
  }

  /** Memory held by the int8 copy used for exact scans of small allowed sets. */
  get mirrorBytes(): number {
    return this.mirror.bytes;
  }

  /** True once the int8 mirror holds every live vector (it is filled after open). */
  get mirrorReady(): boolean {
    return this.mirrorComplete;
  }

  /** True once the graph is in memory (openAsync from a saved mirror reads it in the background). */
  get graphLoaded(): boolean {
    return this.graphReady;
  }

  /** Resolves when the graph is in memory. */
  async whenGraphLoaded(): Promise<void> {
    await this.graphLoad;
  }

  /** True while a background save is writing the file. */
  get saveInProgress(): boolean {
    return this.saving !== null;
  }

  /** Resolves when no background work (mirror fill, save) is left. */
  async whenIdle(): Promise<void> {
    await this.graphLoad;
    await this.mirrorFill?.done.catch(() => undefined);
    while (this.saving) await this.saving;
  }

  get capacity(): number {
    return this.graphReady ? this.index.getMaxElements() : 0;
  }

  /** The graph may not change now: a background save is reading it, or it is still being loaded. */
  private get graphBusy(): boolean {
    return this.saving !== null || !this.graphReady;
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  /** Adds (or replaces) the vector of an id. Throws 'model-invalid' on a wrong dimension. */
  add(id: number, vector: Vec): void {
    this.checkOpen();
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new GlimpseError('bad-request', `vector id must be a 32-bit unsigned integer, got ${id}`);
    const v = normalizedArray(vector, this.dim, `${this.space} index of model ${this.modelId}`);
    const inGraph = this.inGraph(id);
    if (this.graphBusy) this.pending.add(id, v, inGraph);
    else this.graphAdd(id, v, inGraph);
    this.touched?.add(id);
    this.mirror.set(id, v);
    this.live.add(id);
    this.changes++;
  }

  /** Whether the graph holds the label (live or marked deleted), pending changes aside. */
  private inGraph(id: number): boolean {
    return this.pending.inGraph(id, (x) => this.live.has(x) || this.deleted.has(x));
  }

  private graphAdd(id: number, v: number[], inGraph: boolean): void {
    // An existing label (live or marked deleted) is updated in place by hnswlib (and unmarked);
    // only a new label takes a slot. Deleted slots are not reused (allowReplaceDeleted would
    // silently drop an arbitrary deleted label), so compact() when deletedCount grows large.
    if (!inGraph) this.ensureRoom();
    this.index.addPoint(v, id);
    this.deleted.delete(id);
  }

  addMany(items: Iterable<{ id: number; vector: Vec }>): number {
    let n = 0;
    for (const it of items) {
      this.add(it.id, it.vector);
      n++;
    }
    return n;
  }

  /** Removes an id from search results (hnswlib markDelete). Returns false if it was not there. */
  remove(id: number): boolean {
    this.checkOpen();
    if (!this.live.has(id)) return false;
    if (this.graphBusy) this.pending.remove(id, this.inGraph(id));
    else {
      this.index.markDelete(id);
      this.deleted.add(id);
    }
    this.touched?.add(id);
    this.mirror.delete(id);
    this.live.delete(id);
    this.changes++;
    return true;
  }

  removeMany(ids: Iterable<number>): number {
    let n = 0;
    for (const id of ids) if (this.remove(id)) n++;
    return n;
  }

  /** The k nearest ids by cosine similarity, best first (fewer when fewer pass the filters). */
  knn(query: Vec, k: number, opts: KnnOptions = {}): Neighbor[] {
    this.checkOpen();
    const q = normalizedArray(query, this.dim, `query for the ${this.space} index of model ${this.modelId}`);
    const kk = Math.min(Math.max(0, Math.floor(k)), this.live.size);
    if (kk === 0) return [];
    const ef = Math.max(opts.ef ?? this.efSearch, kk);
    const { allowed, filter } = opts;
    const pass = allowed && filter ? (id: number) => allowed.has(id) && filter(id) : allowed ? (id: number) => allowed.has(id) : filter;
    if (!this.graphReady) {
      // The graph is still being read: the mirror holds every live vector (it follows changes).
      const exact = allowed ? this.mirror.topK(q, filter ? [...allowed].filter(filter) : allowed, kk) : this.mirror.topKAll(q, kk, filter);
      return exact.map((n) => ({ id: n.id, score: n.score, distance: 1 - n.score }));
    }
    if (!pass) return this.search(q, kk, ef);
    if (allowed && !filter) {
      if (allowed.size === 0) return [];
      const share = Math.min(1, allowed.size / this.live.size);
      if (this.mirrorComplete && share < 0.5 && allowed.size <= (opts.exactScanMax ?? EXACT_SCAN_BUDGET / this.dim)) {
        // Few allowed ids: an exact scan beats walking the graph in search of them.
        return this.mirror.topK(q, allowed, kk).map((n) => ({ id: n.id, score: n.score, distance: 1 - n.score }));
      }
      const want = Math.ceil((1.5 * kk) / share);
      if (share < 0.5 && want <= MAX_OVERFETCH) {
        // Over-fetch without a JS callback, keep the allowed ones.
        const wide = Math.min(want, this.live.size);
        const got = this.search(q, wide, Math.max(ef, wide)).filter((n) => allowed.has(n.id));
        if (got.length >= kk || wide === this.live.size) return got.slice(0, kk);
      }
    }
    return this.search(q, kk, Math.max(ef, kk * (opts.overfetch ?? 4)), pass);
  }

  private search(q: number[], k: number, ef: number, filter?: (id: number) => boolean): Neighbor[] {
    // While a background save runs, changes wait beside the graph: fetch room for them, merge.
    const extra = this.pending.size;
    const inGraph = this.index.getCurrentCount() - this.deleted.size;
    const kk = Math.min(k + extra, inGraph);
    const out: Neighbor[] = [];
    if (kk > 0) {
      this.index.setEf(Math.max(ef, kk));
      const r = filter ? this.index.searchKnn(q, kk, filter) : this.index.searchKnn(q, kk);
      for (let i = 0; i < r.neighbors.length; i++) {
        const d = r.distances[i]!;
        out.push({ id: r.neighbors[i]!, distance: d, score: 1 - d });
      }
    }
    return extra ? this.pending.merge(out, q, k, filter) : out.slice(0, k);
  }

  /**
   * Exact scores for a given set of ids (no graph search), from the SQLite vectors (about 10 us
   * per id): for re-ranking a short list or a very small allowed set. Unknown ids are skipped.
   */
  scoreIds(query: Vec, ids: Iterable<number>, k = Infinity): Neighbor[] {
    this.checkOpen();
    const q = normalizedArray(query, this.dim, `query for the ${this.space} index of model ${this.modelId}`);
    const wanted = [...ids].filter((id) => this.live.has(id));
    const out: Neighbor[] = [];
    for (const [id, v] of this.source.get(wanted)) {
      let s = 0;
      let n = 0;
      for (let i = 0; i < v.length; i++) {
        s += q[i]! * v[i]!;
        n += v[i]! * v[i]!;
      }
      const score = n > 0 ? s / Math.sqrt(n) : 0; // SQLite vectors may not be unit length
      out.push({ id, score, distance: 1 - score });
    }
    out.sort((a, b) => b.score - a.score);
    return Number.isFinite(k) ? out.slice(0, k) : out;
  }

  /** Saves when save-policy.ts says so (in the background for a large graph). True when a save started. */
  maybeSave(now = Date.now()): boolean {
    if (this.graphBusy) return false;
    const due = saveDue({ changes: this.changes, live: this.live.size, graphBytes: this.graphBytes(), sinceLastSaveMs: now - this.lastSaveAt }, this.saveOverrides);
    if (due === 'none') return false;
    if (due === 'background') void this.saveInBackground();
    else this.save();
    return true;
  }

  /** Approximate size of the graph in memory (and on disk). */
  private graphBytes(): number {
    return this.index.getCurrentCount() * (this.dim * 4 + this.params.M * 8 + 12);
  }

  /**
   * Writes the file on a libuv thread; searches go on, changes wait in `pending` until the write
   * is done. Resolves true when the file was replaced (false: nothing to save, overtaken by a
   * rebuild, or failed: logged, and the changes stay counted for the next save).
   */
  saveInBackground(): Promise<boolean> {
    this.checkOpen();
    if (this.saving) return this.saving;
    if (this.changes === 0 || !this.graphReady) return Promise.resolve(false);
    const seq = ++this.saveSeq;
    const index = this.index; // kept alive for the writer even if a rebuild replaces it
    const meta = this.meta(0);
    const saved = this.changes;
    this.changes = 0;
    this.lastSaveAt = Date.now();
    const run = (async (): Promise<boolean> => {
      try {
        const size = await writeIndexFileInBackground(index, this.file, this.dim, this.params.M, () => seq === this.saveSeq);
        if (size === null) return false;
        writeMeta(this.metaFile, { ...meta, fileBytes: size });
        this.saveMirror();
        return true;
      } catch (err) {
        if (seq === this.saveSeq) this.changes += saved;
        log.warn(`${this.file}: background save failed (the catalog keeps every vector; retried later): ${(err as Error).message}`);
        return false;
      } finally {
        if (seq === this.saveSeq) this.afterBackgroundSave();
      }
    })();
    this.saving = run;
    return run;
  }

  /** The graph may change again: apply what waited, and finish a close() that came meanwhile. */
  private afterBackgroundSave(): void {
    this.saving = null;
    this.graphFree();
  }

  private graphFree(): void {
    this.applyPending();
    if (this.closeWhenFree) {
      this.closeWhenFree = false;
      try {
        if (this.changes > 0) this.writeNow();
      } catch (err) {
        log.warn(`${this.file}: save at close failed (the catalog keeps every vector): ${(err as Error).message}`);
      }
      this.release();
    }
  }

  private applyPending(): void {
    for (const op of this.pending.drain()) {
      if (op.vector) this.graphAdd(op.id, op.vector, op.inGraph);
      else if (op.inGraph) this.graphRemove(op.id);
    }
  }

  private graphRemove(id: number): void {
    try {
      this.index.markDelete(id);
      this.deleted.add(id);
    } catch {
      // not in the graph (a graph rebuilt from the catalog after the change was made): nothing to mark
    }
  }

  /** Saves the int8 mirror beside the graph, when it is complete. A cache: a failure is logged only. */
  private saveMirror(): void {
    if (!this.mirrorComplete) return;
    try {
      writeMirrorFile(this.mirrorFile, this.mirror);
    } catch (err) {
      log.warn(`${this.mirrorFile}: not saved (the next open reads the graph first): ${(err as Error).message}`);
    }
  }

  /**
   * Atomically writes the index file, then its sidecar. While a background save is writing, it
   * does nothing: that save is under way, and what changed since stays counted for the next.
   */
  save(): void {
    this.checkOpen();
    if (this.graphBusy) return;
    this.writeNow();
  }

  private writeNow(): void {
    try {
      const size = writeIndexFileAtomic(this.index, this.file, this.dim, this.params.M);
      writeMeta(this.metaFile, this.meta(size));
    } catch (err) {
      throw new GlimpseError('io', `cannot save the vector index ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    this.changes = 0;
    this.lastSaveAt = Date.now();
    this.saveMirror();
  }

  /**
   * Saves if anything changed, then releases the index. Further calls throw. During a background
   * save the final save happens when it ends (closeAsync() waits for that).
   */
  close(): void {
    if (this.closed) return;
    this.mirrorFill?.cancel();
    this.closed = true;
    if (this.graphLoad && this.changes === 0 && this.pending.size === 0) {
      // Nothing to save: the graph being read is abandoned (a one-query process need not wait).
      this.loadSeq++;
      this.graphLoad = null;
      this.release();
      return;
    }
    if (this.saving || this.graphLoad) {
      this.closeWhenFree = true;
      return;
    }
    if (this.changes > 0 && this.graphReady) this.writeNow();
    this.release();
  }

  /** close(), resolved once the file is final. */
  async closeAsync(): Promise<void> {
    this.close();
    await this.whenIdle();
  }

  private release(): void {
    this.live.clear();
    this.mirror.clear();
  }

  /** Rebuilds from SQLite, dropping deleted slots (same as rebuild()). */
  compact(onProgress?: (done: number, total: number) => void): number {
    return this.rebuild(onProgress);
  }

  /** Rebuilds from SQLite from scratch (also what open() does for a bad file). */
  rebuild(onProgress?: (done: number, total: number) => void): number {
    this.checkOpen();
    // A background save of the old graph is dropped (its writer keeps the old graph alive), a
    // background load abandoned; what waited for either is in the catalog the build reads.
    if (this.saving || !this.graphReady) {
      this.saveSeq++;
      this.loadSeq++;
      this.saving = null;
      this.graphLoad = null;
      this.graphReady = true;
      this.pending.drain();
    }
    const added = this.buildFromSource(onProgress);
    this.writeNow();
    return added;
  }

  private meta(fileBytes: number): IndexMeta {
    return {
      format: INDEX_FORMAT,
      modelId: this.modelId,
      space: this.space,
      metric: 'ip',
      dim: this.dim,
      M: this.params.M,
      efConstruction: this.params.efConstruction,
      ...idFingerprint(this.live),
      fileBytes,
      savedAt: new Date().toISOString(),
    };
  }

  private checkOpen(): void {
    if (this.closed) throw new GlimpseError('internal', `the ${this.space} index of model ${this.modelId} is closed`);
  }

  private ensureRoom(): void {
    const max = this.index.getMaxElements();
    if (this.index.getCurrentCount() >= max) this.index.resizeIndex(Math.max(MIN_CAPACITY, max * RESIZE_FACTOR));
  }

  /** An empty graph with this index's parameters (deleted slots are not reused: see graphAdd). */
  private newGraph(capacity: number): hnswlib.HierarchicalNSW {
    const graph = new hnswlib.HierarchicalNSW('ip', this.dim);
    graph.initIndex({ maxElements: Math.max(MIN_CAPACITY, capacity), m: this.params.M, efConstruction: this.params.efConstruction, randomSeed: 100, allowReplaceDeleted: false });
    return graph;
  }

  private fresh(capacity: number): void {
    this.stopMirrorFill();
    this.index = this.newGraph(capacity);
    this.live = new Set();
    this.deleted = new Set();
    this.mirror = new Int8Mirror(this.dim, capacity);
  }

  private buildFromSource(onProgress?: (done: number, total: number) => void): number {
    const total = this.source.count();
    this.fresh(Math.ceil(total * 1.25));
    let n = 0;
    for (const { id, vector } of this.source.iterate()) {
      this.add(id, vector);
      if (++n % 1000 === 0) onProgress?.(n, total);
    }
    onProgress?.(n, total);
    this.changes = Math.max(1, n);
    return n;
  }

  private load(opts: OpenIndexOptions, preloaded?: Preloaded): Omit<OpenReport, 'count' | 'ms'> {
    removeStaleTemps(this.file);
    if (preloaded && typeof preloaded !== 'string' && !('index' in preloaded)) return this.startFromMirror(preloaded.mirror, preloaded.meta, opts);
    const reason = this.problemWithFile(preloaded as LoadedIndexFile | string | undefined);
    if (reason) {
      const existed = existsSync(this.file) || existsSync(this.metaFile);
      const added = this.buildFromSource(opts.onProgress);
      this.writeNow();
      return { action: existed ? 'rebuilt' : 'created', reason: existed ? reason : null, added, removed: 0 };
    }
    // The file passed validation and was loaded; bring it in line with SQLite.
    const truth = this.source.ids();
    const truthSet = new Set(truth);
    const missing = truth.filter((id) => !this.live.has(id));
    const extra = [...this.live].filter((id) => !truthSet.has(id));
    for (const id of extra) this.remove(id);
    let added = 0;
    for (let i = 0; i < missing.length; i += 1000) {
      const batch = missing.slice(i, i + 1000);
      const vecs = this.source.get(batch);
      for (const id of batch) {
        const v = vecs.get(id);
        if (v) {
          this.add(id, v);
          added++;
        }
      }
      opts.onProgress?.(Math.min(i + 1000, missing.length), missing.length);
    }
    if (this.changes > 0) {
      log.info(`${this.file}: reconciled with the catalog (+${added}, -${extra.length})`);
      this.writeNow();
    }
    this.startMirrorFill();
    return { action: 'loaded', reason: null, added, removed: extra.length };
  }

  /** The mirror of a loaded file fills in the background; narrow filters use the graph until then. */
  private startMirrorFill(): void {
    this.mirrorComplete = false;
    const touched = new Set<number>();
    this.touched = touched;
    const fill = fillMirrorFromFile(this.file, this.dim, this.mirror, (label) => this.live.has(label) && !touched.has(label));
    this.mirrorFill = fill;
    fill.done.then(
      () => {
        if (this.mirrorFill !== fill || this.closed) return;
        this.mirrorComplete = true;
        this.touched = null;
        this.mirrorFill = null;
        this.saveMirror(); // the next open starts from it
      },
      (err) => log.warn(`${this.file}: int8 mirror not filled (narrow filters search the graph): ${(err as Error).message}`),
    );
  }

  private stopMirrorFill(): void {
    this.mirrorFill?.cancel();
    this.mirrorFill = null;
    this.touched = null;
    this.mirrorComplete = true; // a fresh mirror is filled by add()
  }

  /**
   * Opens on a saved mirror, brought in line with SQLite (ids it lacks read from there, ids SQLite
   * dropped removed), and starts reading the graph in the background.
   */
  private startFromMirror(mirror: Int8Mirror, meta: IndexMeta, opts: OpenIndexOptions): Omit<OpenReport, 'count' | 'ms'> {
    this.mirror = mirror;
    this.params.M = meta.M;
    this.params.efConstruction = meta.efConstruction;
    const truth = this.source.ids();
    this.live = new Set(truth);
    this.deleted = new Set();
    const { added, removed } = reconcileMirror(mirror, truth, this.live, this.source);
    this.graphReady = false;
    const load = this.loadGraph(truth, opts);
    this.graphLoad = load;
    return { action: 'loaded', reason: null, added, removed };
  }

  /** Reads the graph file (validated, on a libuv thread), reconciles it with SQLite as of open, then applies what waited. */
  private async loadGraph(truth: number[], opts: OpenIndexOptions): Promise<void> {
    const seq = this.loadSeq;
    let rebuilt = false;
    await yieldToEventLoop(); // open() returns first
    try {
      const loaded = await loadIndexFileAsync(this.file, this.metaFile, { modelId: this.modelId, space: this.space, dim: this.dim });
      if (seq !== this.loadSeq) return; // a rebuild took over
      if (typeof loaded === 'string') {
        log.warn(`${this.file}: ${loaded}; rebuilding the graph from the catalog (searches scan the mirror meanwhile)`);
        if (!(await this.buildGraphInSteps(truth, seq, opts.onProgress))) return; // closed or rebuilt meanwhile
        rebuilt = true;
      } else {
        this.index = loaded.index;
        this.deleted = loaded.deleted;
        const truthSet = new Set(truth);
        for (const id of loaded.live) {
          if (!truthSet.has(id)) {
            this.graphRemove(id);
            this.changes++;
          }
        }
        const missing = truth.filter((id) => !loaded.live.has(id));
        for (let i = 0; i < missing.length; i += 1000) {
          for (const [id, v] of this.source.get(missing.slice(i, i + 1000))) {
            this.graphAdd(id, normalizedArray(v, this.dim, `${this.space} vector ${id}`), this.deleted.has(id));
            this.changes++;
          }
        }
      }
      this.graphReady = true;
    } catch (err) {
      log.error(`${this.file}: the graph could not be loaded; searches scan the mirror`, err);
    } finally {
      if (seq === this.loadSeq) {
        this.graphLoad = null;
        if (this.graphReady) this.graphFree();
        else if (this.closeWhenFree) this.release();
        // A rebuilt graph is written at once (the next open must not rebuild it again).
        if (rebuilt && this.graphReady && !this.closed) {
          if (this.graphBytes() >= (this.saveOverrides.backgroundSaveMinBytes ?? BACKGROUND_SAVE_MIN_BYTES)) void this.saveInBackground();
          else this.save();
        }
      }
    }
  }

  /**
   * A new graph from SQLite's vectors as of open, 500 at a time with the event loop free in
   * between (at 250k a build takes minutes: searches scan the mirror meanwhile, changes wait in
   * `pending`), leaving the live set and the mirror as they are. False when abandoned.
   */
  private async buildGraphInSteps(truth: readonly number[], seq: number, onProgress?: (done: number, total: number) => void): Promise<boolean> {
    const graph = this.newGraph(Math.ceil(truth.length * 1.25));
    let n = 0;
    for (let i = 0; i < truth.length; i += 500) {
      for (const [id, v] of this.source.get(truth.slice(i, i + 500))) {
        graph.addPoint(normalizedArray(v, this.dim, `${this.space} vector ${id}`), id);
        n++;
      }
      onProgress?.(n, truth.length);
      await yieldToEventLoop();
      if (seq !== this.loadSeq) return false;
    }
    this.index = graph;
    this.deleted = new Set();
    this.changes = Math.max(1, n);
    return true;
  }

  /** Loads the file if it is usable and returns null, else says why not. */
  private problemWithFile(preloaded?: LoadedIndexFile | string): string | null {
    const loaded = preloaded ?? loadIndexFile(this.file, this.metaFile, { modelId: this.modelId, space: this.space, dim: this.dim });
    if (typeof loaded === 'string') return loaded;
    this.index = loaded.index;
    this.mirror = loaded.mirror;
    this.live = loaded.live;
    this.deleted = loaded.deleted;
    this.params.M = loaded.M;
    this.params.efConstruction = loaded.efConstruction;
    if (loaded.meta.fileBytes !== loaded.fileBytes) log.info(`${this.file}: sidecar is older than the index file (crash between the two writes); reconciling`);
    return null;
  }
}
