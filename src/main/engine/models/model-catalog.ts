// The list of downloadable model packs (models/catalog.json at the repo root), parsed with zod.
import { z } from 'zod';
// Imported (not read at run time) so the bundled desktop build carries it inside the engine.
import catalogJson from '../../../../models/catalog.json';

const CatalogEntry = z.object({
  name: z.string(),
  family: z.enum(['clip', 'siglip', 'mclip']),
  dim: z.number().int().positive(),
  sizeMB: z.number(),
  languages: z.array(z.string()),
  description: z.string(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

const CatalogFile = z.object({
  baseUrl: z.string().url(),
  default: z.string(),
  files: z.array(z.string()),
  optionalFiles: z.array(z.string()).default([]),
  models: z.array(CatalogEntry),
});
export type ModelCatalog = z.infer<typeof CatalogFile>;

let cached: ModelCatalog | null = null;

export function modelCatalog(): ModelCatalog {
  if (cached) return cached;
  cached = CatalogFile.parse(catalogJson);
  return cached;
}

/** Base URL for downloads: GLIMPSE_MODEL_BASE_URL (a mirror) or the catalog's. */
export function modelBaseUrl(): string {
  return (process.env.GLIMPSE_MODEL_BASE_URL ?? modelCatalog().baseUrl).replace(/\/+$/, '');
}
