// The indexing scheduler: takes jobs from the persistent queue (newest files first) in batches,
// keeps two batches in flight (while batch N's images are in the model, batch N+1 is prepared),
// commits them in claim order, then runs the lower-priority OCR pass when the queue is empty.
// Pause, resume, stop and progress live here; the per-file work is in file-identity.ts
// (stat, hash), batch-preparer.ts (decode, extract, embed) and batch-committer.ts (one SQLite
// transaction, then the HNSW indexes). A kill -9 at any point loses nothing and embeds nothing
// twice: uncommitted work is redone, committed work is never redone.
import { EventEmitter } from 'node:events';
import type { FileError, Progress } from '../../../shared/contract';
import type { Catalog, ChunkInput, DocMetaInput } from '../catalog';
import type { ActiveModel } from '../active-model';
import { logger } from '../util/logger';
import { commitBatch } from './batch-committer';
import { BatchPreparer, type Prepared } from './batch-preparer';
import { OcrPass } from './ocr-pass';
import { ProgressMeter } from './progress-meter';

export { MAX_IMAGE_BYTES } from './file-identity';

const log = logger('indexer');

/**
 * Batches in flight while the visual model loads: only the first one is prepared meanwhile.
 * Preparing six (192 photos) made the load itself much slower: it faults in ~700 MB of fresh
 * memory, which competes with decoding far more than for CPU (worker thread system time 0.3-0.9 s
 * alone, 1.5-1.7 s with decoding alongside). With one, the first batch was searchable ~0.7 s
 * sooner (1.7-2.0 s against 2.4-2.9 s in 4 interleaved pairs over 200 flickr8k photos).
 */
const IN_FLIGHT_WHILE_LOADING = 1;

/** What indexing uses of the active model: its vectors' key, its embedder and its two indexes. */
export type IndexingModel = Pick<ActiveModel, 'id' | 'embedder' | 'images' | 'chunks'>;

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
  model: IndexingModel | null;
  documents: DocumentPipeline | null;
  ocr?: OcrPipeline | null;
  /** Jobs claimed per transaction. */
  batchSize?: number;
  /** Files prepared concurrently (decode, hash, extract). */
  concurrency?: number;
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
  private readonly preparer: BatchPreparer;
  /** Text in images and scanned pages, after embedding (null when OCR is off). */
  private readonly ocrPass: OcrPass | null;

  constructor(opts: IndexerOptions) {
    super();
    this.opts = { ...opts, batchSize: opts.batchSize ?? 32, concurrency: opts.concurrency ?? 4, ocr: opts.ocr ?? null };
    this.ocrPass = this.opts.ocr ? new OcrPass({ catalog: opts.catalog, ocr: this.opts.ocr, model: () => this.opts.model }) : null;
    this.preparer = new BatchPreparer({
      catalog: opts.catalog,
      thumbnailsDir: opts.thumbnailsDir,
      model: opts.model,
      documents: opts.documents,
      concurrency: this.opts.concurrency,
      holding: () => this.paused || this.stopped,
      onCurrent: (path) => (this.current = path),
    });
  }

  get model(): IndexingModel | null {
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
        const work = this.preparer.prepareAndEmbed(jobs);
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
            for (const j of jobs) if (j.contentId !== null) this.preparer.inflight.delete(j.contentId);
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

  private commit(results: Prepared[]): void {
    const { catalog, thumbnailsDir, model } = this.opts;
    const { done, failed, errors } = commitBatch({ catalog, thumbnailsDir, model, isComplete: (id, kind) => this.preparer.isComplete(id, kind) }, results);
    this.meter.record(done, failed);
    for (const e of errors) {
      log.info(`failed: ${e.path}: ${e.kind}: ${e.message}`);
      this.emit('fileError', e);
    }
  }
}
