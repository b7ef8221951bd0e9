// The 256 px WebP thumbnail cached on disk for each image content (EXIF-oriented).
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeError, openImageSource, type ImageSource } from './image-source';

export const THUMBNAIL_SIZE = 256;

const COPYABLE: Record<string, string> = { jpeg: '.jpg', png: '.png', webp: '.webp' };

/**
 * Folders already created, or being created (a synchronous mkdir per thumbnail cost 0.26 ms of
 * main-thread time in bench/index; the 256 first ones still cost 0.45 ms each when synchronous).
 */
const madeDirs = new Map<string, Promise<void>>();
function ensureDir(dir: string): Promise<void> {
  let made = madeDirs.get(dir);
  if (!made) {
    made = mkdir(dir, { recursive: true }).then(() => undefined);
    made.catch(() => madeDirs.delete(dir));
    madeDirs.set(dir, made);
  }
  return made;
}

/**
 * Writes the thumbnail of an image and returns where it went. A small, upright JPEG/PNG/WebP file
 * is already its own thumbnail: its bytes are copied (no re-encode), under its own extension.
 */
export async function writeThumbnail(input: string | Buffer | ImageSource, outPath: string, size = THUMBNAIL_SIZE, original?: { path: string; orientation: number | null }): Promise<{ width: number; height: number; path: string }> {
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? await openImageSource(input) : input;
  try {
    return await writeInto(source, outPath, size, original);
  } catch (err) {
    // The folder was remembered as made but has since been deleted (the cache cleared while we run):
    // make it again, once.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !/no such file or directory/i.test((err as Error).message)) throw err;
    madeDirs.delete(dirname(outPath));
    return writeInto(source, outPath, size, original);
  }
}

async function writeInto(source: ImageSource, outPath: string, size: number, original?: { path: string; orientation: number | null }): Promise<{ width: number; height: number; path: string }> {
  const dirReady = ensureDir(dirname(outPath));
  const ext = original ? COPYABLE[source.format] : undefined;
  if (original && ext && source.width <= size && source.height <= size && (original.orientation ?? 1) === 1) {
    const path = outPath.replace(/\.webp$/, ext);
    await dirReady;
    await copyFile(original.path, path);
    return { width: source.width, height: source.height, path };
  }
  await dirReady;
  try {
    const info = await source
      .open()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78, effort: 0 })
      .toFile(outPath);
    return { width: info.width, height: info.height, path: outPath };
  } catch (err) {
    if (/no such file or directory/i.test((err as Error).message)) throw err; // retried by the caller
    throw decodeError('make a thumbnail', err);
  }
}
