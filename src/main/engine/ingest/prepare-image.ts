// Per-image work before inference: the model tensor (when a model is active), the cached 256 px
// thumbnail and the EXIF metadata. All three run concurrently on libvips/libuv threads, so the
// event loop only does the cheap uint8 -> float conversion.
import { join } from 'node:path';
import { readImageMetadata, type ImageMetadata } from '../extract/image';
import { writeThumbnail } from '../extract/image';
import type { PreprocessConfig } from '../models/pack';
import { modelSquareRgb } from '../models/preprocess';
import { DECODE_SHORT_SIDE, decodedOnce, openImageSource } from '../extract/image';
import { dhash } from '../extract/image';

export interface PreparedImage {
  /** The model-sized RGB square (HWC uint8): 4x smaller than the float tensor, converted straight into the batch. */
  rgb: Uint8Array | null;
  meta: ImageMetadata & { width: number; height: number };
  thumbnailPath: string;
  /** Perceptual hash (256-bit dHash, 64 hex digits) for near-duplicate lookup. */
  dhash: string;
}

export function thumbnailPathFor(thumbnailsDir: string, hash: string): string {
  return join(thumbnailsDir, hash.slice(0, 2), `${hash}.webp`);
}

/** `data`: the file's bytes when the caller already read them (decoded from memory, not re-read). */
export async function prepareImage(path: string, hash: string, thumbnailsDir: string, preprocess: PreprocessConfig | null, data: Buffer | null = null): Promise<PreparedImage> {
  const size = await openImageSource(data ?? path);
  // One decode per image (big photos straight to a copy every output below is >= 3x smaller than).
  const base = await decodedOnce(size, Math.max(DECODE_SHORT_SIDE, 3 * (preprocess?.size ?? 224)));
  const thumbnailPath = thumbnailPathFor(thumbnailsDir, hash);
  const meta = await readImageMetadata(data ?? path, size.exif);
  const [square, thumb, hash64] = await Promise.all([
    preprocess ? modelSquareRgb(base, preprocess) : Promise.resolve(null),
    writeThumbnail(base, thumbnailPath, undefined, { path, orientation: meta.orientation }),
    dhash(base),
  ]);
  return { rgb: square ? square.rgb : null, meta: { ...meta, width: size.width, height: size.height }, thumbnailPath: thumb.path, dhash: hash64 };
}
