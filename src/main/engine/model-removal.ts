// Removing a model pack and everything the engine keeps for it: its vectors in the catalog (both
// spaces, via vector_models' cascade), its HNSW index files, and the pack folder. One function, so
// the app (Engine.modelsRemove) and `glimpse models remove` remove exactly the same things. The
// caller closes the model's runtime first when it is the active one (open index files and ONNX
// sessions must not outlive their data).
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';
import type { PackStore } from './models/pack-store';
import { removeModelIndexFiles } from './vectors';
import { logger } from './util/logger';

const log = logger('model-removal');

export interface ModelRemovalReport {
  name: string;
  /** The pack folder was installed and is now gone. */
  packRemoved: boolean;
  /** Image and chunk vectors dropped from the catalog. */
  vectorsRemoved: number;
  indexFilesRemoved: number;
  /** It was the active pack: no pack is active afterwards. */
  wasActive: boolean;
}

export function removeModelData(opts: { catalog: Catalog; packs: PackStore; indexesDir: string; name: string }): ModelRemovalReport {
  const { catalog, packs, indexesDir, name } = opts;
  const installed = packs.isInstalled(name);
  const vectors = catalog.vectors.source('images', name).count() + catalog.vectors.source('chunks', name).count();
  const known = installed || vectors > 0 || catalog.vectors.modelDim(name) !== null;
  if (!known) throw new GlimpseError('not-found', `model "${name}" is not installed`);
  const wasActive = packs.activeName() === name;
  // Catalog first: if the process dies after this, the index files are stale orphans that the next
  // open of this model would rebuild from (now empty) SQLite, never vectors without an owner.
  catalog.vectors.deleteModel(name);
  const indexFilesRemoved = removeModelIndexFiles(indexesDir, name);
  if (installed) packs.remove(name);
  log.info(`removed model ${name}: ${vectors} vectors, ${indexFilesRemoved} index files${installed ? ', pack folder' : ''}`);
  return { name, packRemoved: installed, vectorsRemoved: vectors, indexFilesRemoved, wasActive };
}
