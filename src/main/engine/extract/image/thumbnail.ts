// The 256 px WebP thumbnail cached on disk for each image content (EXIF-oriented).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeError, openImageSource, type ImageSource } from './image-source';

export const THUMBNAIL_SIZE = 256;

export async function writeThumbnail(input: string | Buffer | ImageSource, outPath: string, size = THUMBNAIL_SIZE): Promise<{ width: number; height: number }> {
  mkdirSync(dirname(outPath), { recursive: true });
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? await openImageSource(input) : input;
  try {
    const info = await source
      .open()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78, effort: 2 })
      .toFile(outPath);
    return { width: info.width, height: info.height };
  } catch (err) {
    throw decodeError('make a thumbnail', err);
  }
}
