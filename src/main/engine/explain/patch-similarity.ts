// Dense explanation for ViT packs: one forward pass, the per-patch embeddings (`patch_tokens`, native
// or added by the graph transform), cosine of each patch with the query, upsampled from the patch grid
// to the model square. Cheap (one image) but only as meaningful as the model's patch tokens are.
import { GlimpseError } from '../../../shared/errors';
import { upsampleGrid } from './heat-map';
import { PATCH_OUTPUT } from './patch-transform';
import { l2normalize } from '../models/embedder';
import { dot, type VisualSession } from './visual-session';

export interface PatchResult {
  /** size x size cosine map in model space. */
  heat: Float32Array;
  /** Patches per side. */
  gridSide: number;
  /** Cosine of the pooled embedding with the query. */
  score: number;
}

export async function patchSaliency(session: VisualSession, image: Float32Array, query: Float32Array): Promise<PatchResult> {
  const out = await session.run(image, 1, [session.embeddingName, PATCH_OUTPUT]);
  const tokens = out[PATCH_OUTPUT]!;
  const [, count, dim] = tokens.dims;
  if (!count || dim !== query.length) {
    throw new GlimpseError('model-invalid', `patch_tokens has shape [${tokens.dims.join(',')}], query has ${query.length} dims`);
  }
  // Exports differ on whether the class token is included; the patch grid is the square part.
  let first = 0;
  let side = Math.round(Math.sqrt(count));
  if (side * side !== count) {
    side = Math.round(Math.sqrt(count - 1));
    first = 1;
    if (side * side !== count - 1) throw new GlimpseError('model-invalid', `cannot arrange ${count} patch tokens in a square grid`);
  }
  const sims = new Float32Array(side * side);
  for (let p = 0; p < side * side; p++) {
    const tok = tokens.data.slice((first + p) * dim, (first + p + 1) * dim);
    sims[p] = dot(l2normalize(tok), query);
  }
  const emb = l2normalize(out[session.embeddingName]!.data.slice(0, dim));
  return { heat: upsampleGrid(sims, side, side, session.size), gridSide: side, score: dot(emb, query) };
}
