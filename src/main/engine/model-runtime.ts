// Everything that exists only while a model pack is active: the embedder (text tower warm) and the
// pack's two HNSW indexes (images, document chunks), opened against the catalog's vectors.
import { join } from 'node:path';
import type { Catalog } from './catalog';
import { ClipEmbedder } from './models/embedder';
import type { ModelPack } from './models/pack';
import type { ProviderName } from './models/providers';
import { HnswIndex } from './vectors';
import { Explainer } from './explain';

export interface ModelRuntime {
  pack: ModelPack;
  embedder: ClipEmbedder;
  images: HnswIndex;
  chunks: HnswIndex;
  /** Heatmap explanations for this pack (visual session opened on first use). */
  explainer(): Explainer;
  close(): Promise<void>;
}

export interface ModelRuntimeOptions {
  providers?: ProviderName[];
  /** Load the visual model while opening (the process is about to index: see EmbedderOptions.loadVisual). */
  loadVisual?: boolean;
}

export async function openModelRuntime(pack: ModelPack, catalog: Catalog, indexesDir: string, cacheDir: string, opts: ModelRuntimeOptions = {}): Promise<ModelRuntime> {
  const { providers } = opts;
  const embedder = await ClipEmbedder.open(pack, { providers, visualInWorker: true, loadVisual: opts.loadVisual });
  let images: HnswIndex | null = null;
  let chunks: HnswIndex | null = null;
  try {
    // One throwaway query at open: onnxruntime plans memory and kernels on the first run, which
    // would otherwise land on the user's first search (measured in bench/query).
    await embedder.embedTexts(['a photo']);
    catalog.vectors.registerModel(pack.name, pack.embedDim);
    images = HnswIndex.open({ dir: indexesDir, source: catalog.vectors.source('images', pack.name), dim: pack.embedDim });
    chunks = HnswIndex.open({ dir: indexesDir, source: catalog.vectors.source('chunks', pack.name), dim: pack.embedDim });
  } catch (err) {
    // Whatever opened is closed again: the embedder's worker thread and ONNX sessions, an index.
    images?.close();
    chunks?.close();
    await embedder.close().catch(() => undefined);
    throw err;
  }
  let explainer: Explainer | null = null;
  const imageIndex = images;
  const chunkIndex = chunks;
  return {
    pack,
    embedder,
    images: imageIndex,
    chunks: chunkIndex,
    explainer() {
      explainer ??= new Explainer({ pack, cacheDir: join(cacheDir, 'explain'), queryEncoder: embedder, providers });
      return explainer;
    },
    async close() {
      if (explainer) await explainer.close();
      imageIndex.close();
      chunkIndex.close();
      await embedder.close();
    },
  };
}
