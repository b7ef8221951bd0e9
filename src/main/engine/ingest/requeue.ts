// Indexed files whose content lacks what indexing now produces (a vector for the active model after
// a model switch, a perceptual hash from an older catalog) go back in the queue, in one transaction.
import type { Catalog } from '../catalog';

/** Queues those files again; returns how many. */
export function requeueIncomplete(catalog: Catalog, modelId: string | null): number {
  const contents = new Set<number>(catalog.imageMeta.contentsWithoutDhash());
  if (modelId) {
    for (const c of catalog.vectors.imageContentsMissing(modelId, Number.MAX_SAFE_INTEGER)) contents.add(c);
    const chunkIds = catalog.vectors.chunksMissing(modelId, Number.MAX_SAFE_INTEGER);
    for (const ch of catalog.chunks.getMany(chunkIds)) contents.add(ch.contentId);
  }
  const fileIds: number[] = [];
  for (const c of contents) for (const f of catalog.files.byContent(c)) if (f.status === 'indexed') fileIds.push(f.id);
  if (fileIds.length === 0) return 0;
  catalog.transaction(() => {
    for (const id of fileIds) {
      const f = catalog.files.get(id);
      if (!f) continue;
      catalog.files.requeue(id);
      catalog.jobs.enqueue(id, f.mtimeMs);
    }
  });
  return fileIds.length;
}
