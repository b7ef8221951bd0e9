// The 256 px WebP thumbnail cached on disk for each image content (EXIF-oriented).
import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GlimpseError } from '../../../../shared/errors';

export const THUMBNAIL_SIZE = 256;

export async function writeThumbnail(input: string | Buffer, outPath: string, size = THUMBNAIL_SIZE): Promise<{ width: number; height: number }> {
  mkdirSync(dirname(outPath), { recursive: true });
  try {
    const info = await sharp(input, { failOn: 'none', limitInputPixels: 1e9 })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78, effort: 2 })
      .toFile(outPath);
    return { width: info.width, height: info.height };
  } catch (err) {
    throw new GlimpseError('corrupt', `cannot make a thumbnail: ${(err as Error).message}`);
  }
}
