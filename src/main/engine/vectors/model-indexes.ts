// The two HNSW indexes of the active model, opened against a Catalog: `images` (labels = content
// ids, visual embeddings) and `chunks` (labels = chunk ids, text embeddings of document passages).
// A convenience for the engine; everything here is also reachable through HnswIndex directly.
//
//   const idx = ModelIndexes.open(cat, dataDir.indexesDir, modelId, dim);
//   cat.vectors.putImages(modelId, batch); idx.images.add(contentId, v) ...; idx.maybeSave();
//   idx.forget(cat.contents.gcOrphans());    // drop vectors of contents no file uses any more
//   idx.close();
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Catalog } from '../catalog';
import { HnswIndex, indexFileBase, type OpenIndexOptions } from './hnsw-index';

export type ModelIndexOptions = Pick<OpenIndexOptions, 'params' | 'saveEvery' | 'onProgress'>;

export class ModelIndexes {
  private constructor(
    readonly modelId: string,
    readonly images: HnswIndex,
    readonly chunks: HnswIndex,
  ) {}

  /** Opens (building or reconciling from the catalog as needed) both indexes of a model. */
  static open(cat: Catalog, dir: string, modelId: string, dim: number, opts: ModelIndexOptions = {}): ModelIndexes {
    const images = HnswIndex.open({ ...opts, dir, dim, source: cat.vectors.source('images', modelId) });
    try {
      const chunks = HnswIndex.open({ ...opts, dir, dim, source: cat.vectors.source('chunks', modelId) });
      return new ModelIndexes(modelId, images, chunks);
    } catch (err) {
      images.close();
      throw err;
    }
  }

  /**
   * open() with both files read on libuv threads: the engine loads the text model meanwhile.
   * The validation of each file still runs on this thread before its read starts.
   */
  static async openAsync(cat: Catalog, dir: string, modelId: string, dim: number, opts: ModelIndexOptions = {}): Promise<ModelIndexes> {
    const images = HnswIndex.openAsync({ ...opts, dir, dim, source: cat.vectors.source('images', modelId) });
    const chunks = HnswIndex.openAsync({ ...opts, dir, dim, source: cat.vectors.source('chunks', modelId) });
    const [a, b] = await Promise.allSettled([images, chunks]);
    if (a.status === 'fulfilled' && b.status === 'fulfilled') return new ModelIndexes(modelId, a.value, b.value);
    if (a.status === 'fulfilled') a.value.close();
    if (b.status === 'fulfilled') b.value.close();
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }

  /** Removes swept ids (Contents.gcOrphans(), Chunks.replace().removedIds) from the indexes. */
  forget(sweep: { contentIds?: readonly number[]; chunkIds?: readonly number[] }): void {
    this.images.removeMany(sweep.contentIds ?? []);
    this.chunks.removeMany(sweep.chunkIds ?? []);
  }

  /** Saves each index whose batch threshold is reached. Returns true if anything was written. */
  maybeSave(now = Date.now()): boolean {
    const a = this.images.maybeSave(now);
    const b = this.chunks.maybeSave(now);
    return a || b;
  }

  save(): void {
    if (this.images.pendingChanges > 0) this.images.save();
    if (this.chunks.pendingChanges > 0) this.chunks.save();
  }

  close(): void {
    try {
      this.images.close();
    } finally {
      this.chunks.close();
    }
  }

  /** close(), resolved once both files are final (a background save may still be writing). */
  async closeAsync(): Promise<void> {
    this.close();
    await Promise.all([this.images.whenIdle(), this.chunks.whenIdle()]);
  }
}

/** Deletes a model's index files (after cat.vectors.deleteModel), e.g. when a model is removed. */
export function removeModelIndexFiles(dir: string, modelId: string): number {
  if (!existsSync(dir)) return 0;
  const prefixes = (['images', 'chunks'] as const).map((s) => basename(indexFileBase(dir, modelId, s)) + '.');
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (prefixes.some((p) => name.startsWith(p))) {
      unlinkSync(join(dir, name));
      n++;
    }
  }
  return n;
}
