// Step three of indexing: a prepared batch is committed in ONE SQLite transaction (vectors,
// metadata, passages, file status, job state), and only then are its vectors added to the HNSW
// indexes, which are derived data reconciled from SQLite at open. A kill -9 at any point loses
// nothing and embeds nothing twice: uncommitted work is redone, committed work never is.
import type { FileError } from '../../../shared/contract';
import type { Catalog, ClaimedJob } from '../catalog';
import { storedThumbnailPath } from '../util/thumbnail-paths';
import type { Prepared } from './batch-preparer';
import type { IndexingModel } from './indexer';

export interface CommitContext {
  catalog: Catalog;
  thumbnailsDir: string;
  model: IndexingModel | null;
  /** True when a content already has everything indexing would produce (BatchPreparer.isComplete). */
  isComplete(contentId: number, kind: ClaimedJob['kind']): boolean;
}

export interface CommitOutcome {
  done: number;
  failed: number;
  errors: FileError[];
}

export function commitBatch(ctx: CommitContext, results: Prepared[]): CommitOutcome {
const { catalog, model } = ctx;
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
          catalog.imageMeta.setThumbnail(r.contentId, storedThumbnailPath(ctx.thumbnailsDir, r.image.thumbnailPath));
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
          catalog.contents.setTextEmpty(r.contentId, r.chunks.length === 0);
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
      if (ctx.isComplete(r.contentId, r.job.kind)) {
        catalog.files.markIndexed(r.job.fileId);
        catalog.jobs.complete(r.job.jobId);
        done++;
      } else catalog.jobs.release([r.job.jobId]);
    }
  });
  if (model) {
    if (chunkRemovals.length) model.chunks.removeMany(chunkRemovals);
    if (imageAdds.length) model.images.addMany(imageAdds);
    if (chunkAdds.length) model.chunks.addMany(chunkAdds);
    model.images.maybeSave();
    model.chunks.maybeSave();
  }
  return { done, failed, errors };
}
