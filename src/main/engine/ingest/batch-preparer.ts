// Step two of indexing: a claimed batch is identified (file-identity.ts), its contents recorded in
// one transaction, then each file prepared with bounded concurrency (images: tensor, thumbnail,
// EXIF, perceptual hash; documents: text, passages, metadata, their text vectors) while the images
// already prepared go through the visual model in groups. Contents the catalog already holds
// completely are reused without inference; the same bytes twice in flight are resolved at commit.
import { rm } from 'node:fs/promises';
import type { ErrorKind } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import type { Catalog, ChunkInput, ClaimedJob, DocMetaInput } from '../catalog';
import { eachLimited } from '../util/each-limited';
import { changedSince, describeFailure, identify, type Identity } from './file-identity';
import type { DocumentPipeline, IndexingModel } from './indexer';
import { prepareImage, type PreparedImage } from './prepare-image';

/** One file's outcome, committed by batch-committer.ts. */
export type Prepared =
  | { type: 'gone'; job: ClaimedJob }
  | { type: 'released'; job: ClaimedJob }
  | { type: 'reused'; job: ClaimedJob }
  | { type: 'failed'; job: ClaimedJob; kind: ErrorKind; message: string }
  | { type: 'image'; job: ClaimedJob; contentId: number; image: PreparedImage; vector: Float32Array | null }
  | { type: 'document'; job: ClaimedJob; contentId: number; chunks: ChunkInput[]; vectors: Float32Array[] | null; ocrPages: number[]; meta: DocMetaInput | null }
  | { type: 'duplicate'; job: ClaimedJob; contentId: number }
  | { type: 'skipped'; job: ClaimedJob; kind: ErrorKind; message: string }
  | { type: 'changed'; job: ClaimedJob };

export interface BatchPreparerOptions {
  catalog: Catalog;
  thumbnailsDir: string;
  model: IndexingModel | null;
  documents: DocumentPipeline | null;
  /** Files prepared concurrently (decode, hash, extract). */
  concurrency: number;
  /** True when unstarted jobs should go back to the queue (pause, stop). */
  holding(): boolean;
  /** The file being worked on now (progress). */
  onCurrent(path: string): void;
}

export class BatchPreparer {
  /** Contents being prepared or embedded by the batches in flight. */
  readonly inflight = new Map<number, ClaimedJob>();
  /** Settles when the batch claimed last has finished preparing: batches prepare one after another. */
  private preparing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: BatchPreparerOptions) {}

  /** Prepares a batch and runs its images through the model; resolves when every vector is back. */
  async prepareAndEmbed(jobs: ClaimedJob[]): Promise<Prepared[]> {
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
      if (this.opts.holding()) {
        // Pause takes effect now, not after the batches in flight: unstarted jobs go back.
        results[idx] = { type: 'released', job };
        return;
      }
      this.opts.onCurrent(job.path);
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
  isComplete(contentId: number, kind: ClaimedJob['kind']): boolean {
    const { catalog } = this.opts;
    const model = this.opts.model;
    if (kind === 'image') {
      if (!catalog.imageMeta.thumbnail(contentId) || !catalog.imageMeta.dhash(contentId)) return false;
      return !model || catalog.vectors.getImage(model.id, contentId) !== undefined;
    }
    const chunks = catalog.chunks.forContent(contentId, 'text');
    if (chunks.length === 0) return catalog.contents.isTextEmpty(contentId);
    return !model || chunks.every((c) => catalog.vectors.getChunk(model.id, c.id) !== undefined);
  }
}
