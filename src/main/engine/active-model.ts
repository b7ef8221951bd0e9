// The active model: everything that exists only while a model pack is in use, in one object that
// the indexer, the OCR pass, search, image queries and explanations all take as it is. It owns the
// embedder (text tower warm, visual tower in a worker), the pack's two HNSW indexes (images,
// document passages: vectors/model-indexes.ts) and the explainer, and closes them together. When
// any part fails to open, the parts already open are closed before the error is thrown.
import { join } from 'node:path';
import type { Catalog } from './catalog';
import { ClipEmbedder } from './models/embedder';
import type { ModelPack } from './models/pack';
import type { ProviderName } from './models/providers';
import { ModelIndexes, type HnswIndex } from './vectors';
import { Explainer } from './explain';

export interface ActiveModel {
  /** The pack's name: the key of its vectors in the catalog and of its index files. */
  readonly id: string;
  readonly family: ModelPack['family'];
  readonly pack: ModelPack;
  readonly embedder: ClipEmbedder;
  /** Both HNSW indexes (forget swept ids, save, close together). */
  readonly indexes: ModelIndexes;
  /** Image vectors, labels = content ids. */
  readonly images: HnswIndex;
  /** Passage vectors (document text, OCR), labels = chunk ids. */
  readonly chunks: HnswIndex;
  /** Heatmap explanations for this pack (visual session opened on first use). */
  explainer(): Explainer;
  close(): Promise<void>;
}

export interface ActiveModelOptions {
  providers?: ProviderName[];
  /** Load the visual model while opening (the process is about to index: see EmbedderOptions.loadVisual). */
  loadVisual?: boolean;
  /** Release the visual model after this long without use (EmbedderOptions.visualIdleMs). */
  visualIdleMs?: number;
}

export async function openActiveModel(pack: ModelPack, catalog: Catalog, indexesDir: string, cacheDir: string, opts: ActiveModelOptions = {}): Promise<ActiveModel> {
  const { providers } = opts;
  // The index files are read on libuv threads while the text model loads on this one (at 250k
  // photos each takes ~3 s: side by side, not one after the other).
  const opening = ModelIndexes.openAsync(catalog, indexesDir, pack.name, pack.embedDim);
  opening.catch(() => undefined); // awaited below; a failure is rethrown there
  let embedder: ClipEmbedder;
  try {
    embedder = await ClipEmbedder.open(pack, { providers, visualInWorker: true, loadVisual: opts.loadVisual, visualIdleMs: opts.visualIdleMs });
  } catch (err) {
    await opening.then((i) => i.closeAsync()).catch(() => undefined);
    throw err;
  }
  let indexes: ModelIndexes;
  try {
    // One throwaway query at open: onnxruntime plans memory and kernels on the first run, which
    // would otherwise land on the user's first search (measured in bench/query).
    await embedder.embedTexts(['a photo']);
    catalog.vectors.registerModel(pack.name, pack.embedDim);
    indexes = await opening;
  } catch (err) {
    // The embedder's worker thread and ONNX sessions do not outlive a failed open.
    await embedder.close().catch(() => undefined);
    await opening.then((i) => i.closeAsync()).catch(() => undefined);
    throw err;
  }
  let explainer: Explainer | null = null;
  return {
    id: pack.name,
    family: pack.family,
    pack,
    embedder,
    indexes,
    images: indexes.images,
    chunks: indexes.chunks,
    explainer() {
      explainer ??= new Explainer({ pack, cacheDir: join(cacheDir, 'explain'), queryEncoder: embedder, providers });
      return explainer;
    },
    async close() {
      try {
        if (explainer) await explainer.close();
        await indexes.closeAsync();
      } finally {
        await embedder.close();
      }
    },
  };
}
