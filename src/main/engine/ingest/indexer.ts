// The indexing loop: takes jobs from the persistent queue (newest files first), hashes each file,
// reuses what the catalog already has for that content (renames and duplicates cost no
// inference), prepares images (tensor, thumbnail, EXIF) and documents (text, chunks) with bounded
// concurrency while earlier items of the batch are already being embedded, then commits vectors,
// metadata, file status and job state in ONE SQLite transaction, and only then adds the vectors to
// the HNSW indexes (derived data, reconciled from SQLite at open). A kill -9 at any point loses
// nothing and embeds nothing twice: uncommitted work is redone, committed work is never redone.
import { EventEmitter } from 'node:events';
import { lstat, readFile, rm, stat } from 'node:fs/promises';
import type { ErrorKind, FileError, Progress } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import type { Catalog } from '../catalog';
import { hashBytes, hashFile } from '../catalog';
import type { ChunkInput, ClaimedJob } from '../catalog';
import type { DocMetaInput } from '../catalog';
import type { ClipEmbedder } from '../models/embedder';
import { DEFAULT_MAX_BYTES } from '../extract/documents';
import { realPathWithin } from '../util/contained-path';
import { eachLimited } from '../util/each-limited';
import { storedThumbnailPath } from '../util/thumbnail-paths';
import { logger } from '../util/logger';
import { OcrPass } from './ocr-pass';
import { prepareImage, type PreparedImage } from './prepare-image';
import { ProgressMeter } from './progress-meter';

const log = logger('indexer');

/**
 * Batches in flight while the visual model loads: only the first one is prepared meanwhile.
 * Preparing six (192 photos) made the load itself much slower: it faults in ~700 MB of fresh
 * memory, which competes with decoding far more than for CPU (worker thread system time 0.3-0.9 s
 * alone, 1.5-1.7 s with decoding alongside). With one, the first batch was searchable ~0.7 s
 * sooner (1.7-2.0 s against 2.4-2.9 s in 4 interleaved pairs over 200 flickr8k photos).
 */
const IN_FLIGHT_WHILE_LOADING = 1;

/** Where committed vectors go after the transaction (the HNSW indexes). */
export interface VectorSink {
  add(items: readonly { id: number; vector: Float32Array }[]): void;
  remove(ids: readonly number[]): void;
  /** Persist if enough changed since the last save (caller-driven batching). */
  maybeSave(): void;
}

export interface ActiveModel {
  id: string;
  embedder: ClipEmbedder;
  images: VectorSink;
  chunks: VectorSink;
}

export interface DocumentPipeline {
  /** Text chunks (with page provenance) of a document, sized for the text model. */
  chunks(path: string, countTokens: ((s: string) => number) | null): Promise<{ title: string | null; chunks: ChunkInput[]; ocrPages?: number[]; meta?: DocMetaInput }>;
}

export interface OcrPipeline {
  ocr(path: string): Promise<{ lines: { text: string; score: number; box: [number, number][] }[] }>;
  /** Renders and reads one page (1-based) of a PDF: scanned documents. */
  ocrPdfPage?(path: string, page: number): Promise<{ lines: { text: string; score: number; box: [number, number][] }[] }>;
}

export interface IndexerOptions {
  catalog: Catalog;
  thumbnailsDir: string;
  model: ActiveModel | null;
  documents: DocumentPipeline | null;
  ocr?: OcrPipeline | null;
  /** Jobs claimed per transaction. */
  batchSize?: number;
  /** Files prepared concurrently (decode, hash, extract). */
  concurrency?: number;
}

type Prepared =
  | { type: 'gone'; job: ClaimedJob }
  | { type: 'released'; job: ClaimedJob }
  | { type: 'reused'; job: ClaimedJob }
  | { type: 'failed'; job: ClaimedJob; kind: ErrorKind; message: string }
  | { type: 'image'; job: ClaimedJob; contentId: number; image: PreparedImage; vector: Float32Array | null }
  | { type: 'document'; job: ClaimedJob; contentId: number; chunks: ChunkInput[]; vectors: Float32Array[] | null; ocrPages: number[]; meta: DocMetaInput | null }
  | { type: 'duplicate'; job: ClaimedJob; contentId: number }
  | { type: 'skipped'; job: ClaimedJob; kind: ErrorKind; message: string }
  | { type: 'changed'; job: ClaimedJob };

/** What stat + hash found for a job's file (contents are attached in one transaction per batch). */
type Identity =
  | { type: 'gone' }
  | { type: 'failed'; kind: ErrorKind; message: string }
  | { type: 'skipped'; kind: ErrorKind; message: string }
  | { type: 'identified'; hash: string; bytes: number; created?: boolean; data: Buffer | null; stamp: string };

/**
 * Images up to this size are read into memory once: hashed, then decoded from that buffer (the
 * file is not opened and read again by libvips: 0.2-0.3 ms less per photo in bench/index).
 * Bigger files are hashed as a stream and decoded from disk.
 */
const READ_ONCE_MAX_BYTES = 1 << 20;

async function identify(job: ClaimedJob, roots: readonly string[]): Promise<Identity> {
  try {
    let st;
    try {
      st = await stat(job.path);
    } catch {
      return { type: 'gone' };
    }
    if (!st.isFile()) return { type: 'gone' };
    // Checked before a byte is read (a 2 GB sparse file is not hashed to be refused afterwards).
    const refused = refuseBeforeReading(job, st.size);
    if (refused) return refused;
    // A link swapped in after the scan must not make us read (and thumbnail) a file outside.
    if ((await lstat(job.path)).isSymbolicLink() && !(await realPathWithin(job.path, roots))) {
      return { type: 'skipped', kind: 'forbidden', message: 'a link to a file outside the watched folders' };
    }
    if (job.kind === 'image' && st.size <= READ_ONCE_MAX_BYTES) {
      const data = await readFile(job.path);
      return { type: 'identified', hash: hashBytes(data), bytes: data.length, data, stamp: stampOf(st) };
    }
    const { hash, bytes } = await hashFile(job.path);
    return { type: 'identified', hash, bytes, data: null, stamp: stampOf(st) };
  } catch (err) {
    return { type: 'failed', ...describeFailure(job.path, err) };
  }
}

/** Identity of the file on disk: another file renamed over it, or a rewrite, changes it. */
function stampOf(st: { ino: number; size: number; mtimeMs: number }): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

/** True when the file at `path` is no longer the one stamped before it was hashed. */
async function changedSince(path: string, stamp: string): Promise<boolean> {
  try {
    return stampOf(await stat(path)) !== stamp;
  } catch {
    return true;
  }
}

/** Biggest image file read (beyond it libvips' own pixel limit would refuse the decode anyway). */
export const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

function refuseBeforeReading(job: ClaimedJob, size: number): Identity | null {
  // Every empty file hashes alike: without this, all 0-byte .pdf/.docx became "duplicates" of each other.
  if (size === 0) return { type: 'failed', kind: 'corrupt', message: 'the file is empty (0 bytes)' };
  const max = job.kind === 'image' ? MAX_IMAGE_BYTES : DEFAULT_MAX_BYTES;
  if (size > max) return { type: 'skipped', kind: 'too-large', message: `the file is ${Math.round(size / 1048576)} MB, more than the ${max / 1048576} MB limit for ${job.kind}s` };
  return null;
}

/** The error kind and a one-line message users see for a file that could not be indexed. */
function describeFailure(path: string, err: unknown): { kind: ErrorKind; message: string } {
  const kind: ErrorKind = err instanceof GlimpseError ? err.kind : 'internal';
  const full = err instanceof Error ? err.message : String(err);
  if (full.length > 300 || full.includes('\n')) log.info(`${path}: ${full}`);
  // libvips can return hundreds of lines for one broken TIFF: users see the first one (the log keeps all).
  const first = full.split('\n').find((l) => l.trim()) ?? full;
  return { kind, message: first.length > 300 ? `${first.slice(0, 297)}...` : first };
}

interface IndexerEvents {
  progress: [Progress];
  fileError: [FileError];
  idle: [];
}

export class Indexer extends EventEmitter<IndexerEvents> {
  private readonly opts: Required<Omit<IndexerOptions, 'ocr'>> & { ocr: OcrPipeline | null };
  private readonly meter = new ProgressMeter();
  private running: Promise<void> | null = null;
  private paused = false;
  private stopped = false;
  private resumeWaiters: (() => void)[] = [];
  private current: string | null = null;
  /** Contents being prepared or embedded by the batches in flight. */
  private readonly inflight = new Map<number, ClaimedJob>();
  /** Settles when the batch claimed last has finished preparing: batches prepare one after another. */
  private preparing: Promise<void> = Promise.resolve();
  /** Text in images and scanned pages, after embedding (null when OCR is off). */
  private readonly ocrPass: OcrPass | null;

  constructor(opts: IndexerOptions) {
    super();
    this.opts = { ...opts, batchSize: opts.batchSize ?? 32, concurrency: opts.concurrency ?? 4, ocr: opts.ocr ?? null };
    this.ocrPass = this.opts.ocr ? new OcrPass({ catalog: opts.catalog, ocr: this.opts.ocr, model: () => this.opts.model }) : null;
  }

  get model(): ActiveModel | null {
    return this.opts.model;
  }

  progress(): Progress {
    const counts = this.opts.catalog.jobs.counts();
    const queued = counts.pending + counts.running;
    const snapshot = this.meter.snapshot(queued, this.paused, this.current);
    return this.ocrPass ? { ...snapshot, ocr: this.ocrPass.progress() } : snapshot;
  }

  pause(): Progress {
    this.paused = true;
    this.emit('progress', this.progress());
    return this.progress();
  }

  resume(): Progress {
    this.paused = false;
    for (const w of this.resumeWaiters.splice(0)) w();
    this.emit('progress', this.progress());
    this.kick();
    return this.progress();
  }

  /** Starts the loop if it is not running (call after enqueueing jobs). Resolves when the queue is empty. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.loop().finally(() => {
      this.running = null;
      this.current = null;
      this.ocrPass?.idle();
      this.emit('progress', this.progress());
      this.emit('idle');
    });
    return this.running;
  }

  /** Runs until the queue is empty. */
  async runUntilIdle(): Promise<void> {
    await this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.resumeWaiters.splice(0)) w();
    await this.running?.catch(() => undefined);
  }

  /**
   * Two batches overlap: while batch N's images are in the model, batch N+1 is claimed and
   * prepared (decode, hash, extract), so the model never waits for decoding. While the visual
   * model is still loading, only the first batch is prepared (IN_FLIGHT_WHILE_LOADING); the
   * second is claimed as soon as the model is ready. Commits stay in claim order.
   */
  private async loop(): Promise<void> {
    const inFlight: { done: Promise<void>; settled: boolean }[] = [];
    const model = this.opts.model;
    // Load the visual model while the first batch is being decoded, not after.
    const modelLoad = model && this.opts.catalog.jobs.counts().pending > 0 ? model.embedder.visual().then(() => undefined, () => undefined) : null;
    let loading = modelLoad !== null && !model!.embedder.visualReady;
    void modelLoad?.then(() => (loading = false));
    const maxInFlight = (): number => (loading ? IN_FLIGHT_WHILE_LOADING : 2);
    const settleOldest = async (): Promise<void> => {
      const oldest = inFlight.shift();
      if (oldest) await oldest.done;
    };
    const waitForRoom = async (): Promise<void> => {
      while (inFlight.length >= maxInFlight()) {
        // Woken by whichever comes first: the oldest batch done, or the model ready for the next.
        if (loading && !inFlight[0]!.settled) await Promise.race([inFlight[0]!.done.catch(() => undefined), modelLoad]);
        else await settleOldest();
      }
    };
    try {
      for (;;) {
        if (this.paused) {
          while (inFlight.length) await settleOldest();
          await new Promise<void>((r) => this.resumeWaiters.push(r));
        }
        if (this.stopped) break;
        const jobs = this.opts.catalog.jobs.claim(this.opts.batchSize);
        if (jobs.length === 0) {
          if (inFlight.length) {
            while (inFlight.length) await settleOldest();
            continue; // the commits may have let new work in (or left none): ask again
          }
          // Embedding work is done: text in images (OCR) is a second, lower-priority pass that new
          // jobs preempt, so new photos become searchable first.
          if (this.opts.ocr && (await this.ocrStep())) continue;
          break;
        }
        const work = this.prepareAndEmbed(jobs);
        const before = inFlight.at(-1)?.done ?? null;
        const batch: Promise<void> = (async () => {
          let results: Prepared[];
          try {
            results = await work;
            if (before) await before;
          } catch (err) {
            // Something outside per-file handling broke (e.g. the disk is full): release the jobs
            // for a later run rather than marking files failed, and stop this run.
            log.error('indexing batch failed', err);
            for (const j of jobs) this.opts.catalog.jobs.fail(j.jobId, (err as Error).message, { retry: true, maxAttempts: 5 });
            throw err;
          } finally {
            for (const j of jobs) if (j.contentId !== null) this.inflight.delete(j.contentId);
          }
          this.commit(results);
          this.emit('progress', this.progress());
        })();
        const entry = { done: batch, settled: false };
        batch.then(
          () => (entry.settled = true),
          () => (entry.settled = true),
        );
        inFlight.push(entry);
        await waitForRoom();
      }
    } finally {
      for (const b of inFlight) await b.done.catch(() => undefined);
    }
  }

  /** A little OCR work (images, scanned pages, passage vectors: see OcrPass); false when there is nothing left. */
  private async ocrStep(): Promise<boolean> {
    const more = await this.ocrPass!.step(
      () => this.paused || this.stopped,
      (path) => (this.current = path),
    );
    if (more) this.emit('progress', this.progress());
    return more;
  }

  /** Prepares a batch and runs its images through the model; resolves when every vector is back. */
  private async prepareAndEmbed(jobs: ClaimedJob[]): Promise<Prepared[]> {
    // Batches prepare in claim order, one at a time, so their images reach the model in that order
    // and the oldest batch commits first; preparing overlaps with the embedding of earlier batches.
    const previousPrepared = this.preparing;
    let donePreparing!: () => void;
    this.preparing = new Promise<void>((r) => (donePreparing = r));
    let prepared: { results: Prepared[]; embeds: Promise<void>[] };
    try {
      await previousPrepared;
      prepared = await this.prepareBatch(jobs);
    } finally {
      donePreparing();
    }
    const embedResults = await Promise.allSettled(prepared.embeds);
    const embedFailure = embedResults.find((r) => r.status === 'rejected');
    if (embedFailure) throw (embedFailure as PromiseRejectedResult).reason;
    return prepared.results;
  }

  /** Hashes, decodes and extracts a batch; images go to the model in groups as they are ready. */
  private async prepareBatch(jobs: ClaimedJob[]): Promise<{ results: Prepared[]; embeds: Promise<void>[] }> {
    const model = this.opts.model;
    const inflight = this.inflight;
    const imageQueue: Extract<Prepared, { type: 'image' }>[] = [];
    const embeds: Promise<void>[] = [];
    const imageBatch = model?.embedder.imageBatch ?? 16;

    const flushImages = (force: boolean): void => {
      while (model && (imageQueue.length >= imageBatch || (force && imageQueue.length > 0))) {
        const group = imageQueue.splice(0, imageBatch);
        const rgbs = group.map((item) => item.image.rgb!);
        embeds.push(
          model.embedder.embedRgbBatch(rgbs).then((vectors) => {
            group.forEach((item, i) => {
              item.vector = vectors[i]!;
              item.image.rgb = null;
            });
          }),
        );
      }
    };

    // Stat and hash the whole batch first (libuv threads), then record every file's content in ONE
    // transaction: a transaction per file cost 0.33 ms of main-thread time per photo (bench/index).
    const identities = await this.identifyAll(jobs);
    this.opts.catalog.transaction(() => {
      identities.forEach((id, i) => {
        if (id.type !== 'identified') return;
        const job = jobs[i]!;
        try {
          const { contentId, created } = this.opts.catalog.files.attachContent(job.fileId, { hash: id.hash, kind: job.kind, bytes: id.bytes });
          job.contentId = contentId;
          id.created = created;
        } catch (err) {
          identities[i] = { type: 'failed', ...describeFailure(job.path, err) };
        }
      });
    });

    const results: Prepared[] = new Array(jobs.length);
    await eachLimited(jobs, this.opts.concurrency, async (job, idx) => {
      if (this.paused || this.stopped) {
        // Pause takes effect now, not after the batches in flight: unstarted jobs go back.
        results[idx] = { type: 'released', job };
        return;
      }
      this.current = job.path;
      const r = await this.prepare(job, identities[idx]!, inflight);
      results[idx] = r;
      if (r.type === 'image' && r.image.rgb && model) {
        imageQueue.push(r);
        flushImages(false);
      }
    });
    flushImages(true);
    return { results, embeds };
  }

  /** Stat and content hash of each job's file, `concurrency` at a time. */
  private async identifyAll(jobs: ClaimedJob[]): Promise<Identity[]> {
    const out: Identity[] = new Array(jobs.length);
    const roots = this.opts.catalog.folders.list().map((f) => f.path);
    await eachLimited(jobs, this.opts.concurrency, async (job, idx) => {
      out[idx] = await identify(job, roots);
    });
    return out;
  }

  private async prepare(job: ClaimedJob, identity: Identity, inflight: Map<number, ClaimedJob>): Promise<Prepared> {
    const model = this.opts.model;
    if (identity.type === 'gone') return { type: 'gone', job };
    if (identity.type === 'failed') return { type: 'failed', job, kind: identity.kind, message: identity.message };
    if (identity.type === 'skipped') return { type: 'skipped', job, kind: identity.kind, message: identity.message };
    const contentId = job.contentId!;
    const created = identity.created;
    try {
      // The same bytes already on their way through the model (this batch or the one before, which
      // commits first): resolved at commit against that copy's outcome (commitDuplicates).
      if (inflight.has(contentId)) return { type: 'duplicate', job, contentId };
      inflight.set(contentId, job);
      if (!created && this.isComplete(contentId, job.kind)) return { type: 'reused', job };
      if (job.kind === 'image') {
        const image = await prepareImage(job.path, identity.hash, this.opts.thumbnailsDir, model ? model.embedder.pack.preprocess : null, identity.data);
        // Hashed and decoded in two reads (files over READ_ONCE_MAX_BYTES): if the file was swapped
        // in between, the pixels are not the hashed content's; do it again from the start.
        if (!identity.data && (await changedSince(job.path, identity.stamp))) {
          await rm(image.thumbnailPath, { force: true });
          return { type: 'changed', job };
        }
        return { type: 'image', job, contentId, image, vector: null };
      }
      if (!this.opts.documents) throw new GlimpseError('unsupported', 'document indexing is not available');
      const countTokens = model ? (s: string) => model.embedder.tokenizer.countTokens(s) : null;
      const { chunks, ocrPages = [], meta = null } = await this.opts.documents.chunks(job.path, countTokens);
      if (await changedSince(job.path, identity.stamp)) return { type: 'changed', job };
      const vectors = model && chunks.length ? await model.embedder.embedTexts(chunks.map((c) => c.text)) : null;
      return { type: 'document', job, contentId, chunks, vectors, ocrPages, meta };
    } catch (err) {
      return { type: 'failed', job, ...describeFailure(job.path, err) };
    }
  }

  /** True when the content already has everything indexing would produce (for the active model). */
  private isComplete(contentId: number, kind: ClaimedJob['kind']): boolean {
    const { catalog } = this.opts;
    const model = this.opts.model;
    if (kind === 'image') {
      if (!catalog.imageMeta.thumbnail(contentId) || !catalog.imageMeta.dhash(contentId)) return false;
      return !model || catalog.vectors.getImage(model.id, contentId) !== undefined;
    }
    const chunks = catalog.chunks.forContent(contentId, 'text');
    if (chunks.length === 0) return catalog.settings.get(`doc-empty:${contentId}`) === '1';
    return !model || chunks.every((c) => catalog.vectors.getChunk(model.id, c.id) !== undefined);
  }

  private commit(results: Prepared[]): void {
    const { catalog } = this.opts;
    const model = this.opts.model;
    const imageAdds: { id: number; vector: Float32Array }[] = [];
    const chunkAdds: { id: number; vector: Float32Array }[] = [];
    const chunkRemovals: number[] = [];
    const errors: FileError[] = [];
    let done = 0;
    let failed = 0;
    const duplicates: Extract<Prepared, { type: 'duplicate' }>[] = [];
    catalog.transaction(() => {
      for (const r of results) {
        switch (r.type) {
          case 'released':
            catalog.jobs.release([r.job.jobId]);
            break;
          case 'gone':
            catalog.files.removeByPath(r.job.path);
            break;
          case 'duplicate':
            duplicates.push(r);
            break;
          case 'skipped':
            catalog.files.markSkipped(r.job.fileId, r.kind, r.message);
            catalog.jobs.complete(r.job.jobId);
            break;
          case 'changed': {
            // Swapped while read: queued again (behind newer work); a file that never holds still fails.
            const message = 'the file kept changing while it was read';
            if (catalog.jobs.fail(r.job.jobId, message, { retry: true, maxAttempts: 5 }) === 'failed') {
              catalog.files.markFailed(r.job.fileId, 'io', message);
              errors.push({ path: r.job.path, kind: 'io', message, at: new Date().toISOString() });
              failed++;
            }
            break;
          }
          case 'reused':
            catalog.files.markIndexed(r.job.fileId);
            catalog.jobs.complete(r.job.jobId);
            done++;
            break;
          case 'failed':
            catalog.files.markFailed(r.job.fileId, r.kind, r.message);
            catalog.jobs.fail(r.job.jobId, r.message);
            errors.push({ path: r.job.path, kind: r.kind, message: r.message, at: new Date().toISOString() });
            failed++;
            break;
          case 'image': {
            const m = r.image.meta;
            catalog.imageMeta.set(r.contentId, { takenAt: m.takenAt, camera: m.camera, lat: m.lat, lon: m.lon, width: m.width, height: m.height, orientation: m.orientation });
            catalog.imageMeta.setThumbnail(r.contentId, storedThumbnailPath(this.opts.thumbnailsDir, r.image.thumbnailPath));
            catalog.imageMeta.setDhash(r.contentId, r.image.dhash);
            if (model && r.vector) {
              catalog.vectors.putImages(model.id, [{ contentId: r.contentId, vector: r.vector }]);
              imageAdds.push({ id: r.contentId, vector: r.vector });
            }
            catalog.files.markIndexed(r.job.fileId);
            catalog.jobs.complete(r.job.jobId);
            done++;
            break;
          }
          case 'document': {
            const { ids, removedIds } = catalog.chunks.replace(r.contentId, 'text', r.chunks);
            chunkRemovals.push(...removedIds);
            if (r.chunks.length === 0) catalog.settings.set(`doc-empty:${r.contentId}`, '1');
            if (r.meta) catalog.docMeta.set(r.contentId, r.meta);
            // Scanned pages: read by the OCR pass, as passages of this document.
            if (r.ocrPages.length) catalog.ocrPages.enqueue(r.contentId, r.ocrPages);
            if (model && r.vectors) {
              const items = ids.map((id, i) => ({ chunkId: id, vector: r.vectors![i]! }));
              catalog.vectors.putChunks(model.id, items);
              chunkAdds.push(...items.map((x) => ({ id: x.chunkId, vector: x.vector })));
            }
            catalog.files.markIndexed(r.job.fileId);
            catalog.jobs.complete(r.job.jobId);
            done++;
            break;
          }
        }
      }
      // After every first copy of this batch is recorded (earlier batches committed before): a
      // duplicate is indexed only if that copy left everything its own kind needs; otherwise (the
      // copy failed, or was a mislabelled .pdf while this is a photo) it goes back in the queue
      // and is prepared on its own.
      for (const r of duplicates) {
        if (this.isComplete(r.contentId, r.job.kind)) {
          catalog.files.markIndexed(r.job.fileId);
          catalog.jobs.complete(r.job.jobId);
          done++;
        } else catalog.jobs.release([r.job.jobId]);
      }
    });
    if (model) {
      if (chunkRemovals.length) model.chunks.remove(chunkRemovals);
      if (imageAdds.length) model.images.add(imageAdds);
      if (chunkAdds.length) model.chunks.add(chunkAdds);
      model.images.maybeSave();
      model.chunks.maybeSave();
    }
    this.meter.record(done, failed);
    for (const e of errors) {
      log.info(`failed: ${e.path}: ${e.kind}: ${e.message}`);
      this.emit('fileError', e);
    }
  }
}
