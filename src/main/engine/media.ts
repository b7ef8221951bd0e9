// Media by opaque id for the UI (glimpse: scheme in Electron, /media in browser mode): thumbnails
// from the data dir's cache, previews and originals only for files inside a watched folder.
// Paths never come from the caller. Files are served by their REAL path, and only when that lies
// inside a watched folder: a link `notes.txt -> /etc/passwd` in a watched folder is refused.
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';
import type { MediaKind, ResolvedMedia } from './engine-host';
import { imageMime } from './extract/image';
import { openImageSource } from './extract/image';
import { realPathWithinSync } from './util/contained-path';
import { resolvePageImage } from './page-image';
import { localThumbnailPath } from './util/thumbnail-paths';
import type { DataDir } from './util/data-dir';

const BROWSER_IMAGE = /\.(jpe?g|png|webp|gif|avif)$/i;

export async function resolveMedia(catalog: Catalog, dirs: DataDir, kind: MediaKind, fileId: number): Promise<ResolvedMedia> {
  if (!Number.isInteger(fileId) || fileId <= 0) throw new GlimpseError('bad-request', 'media id must be a positive integer');
  // A document page as an image: the id is the passage's (page-image.ts).
  if (kind === 'page') return resolvePageImage(catalog, dirs, fileId);
  const file = catalog.files.get(fileId);
  if (!file) throw new GlimpseError('not-found', `no file with id ${fileId}`);
  const folder = catalog.folders.containing(resolve(file.path));
  if (!folder) throw new GlimpseError('forbidden', 'file is outside the watched folders');
  if (kind === 'thumbnail') {
    const stored = file.contentId ? catalog.imageMeta.thumbnail(file.contentId) : undefined;
    const thumb = stored ? localThumbnailPath(dirs.thumbnailsDir, stored) : undefined;
    if (!thumb || !existsSync(thumb)) throw new GlimpseError('not-found', 'no thumbnail for this file');
    const root = realpathSync(dirs.thumbnailsDir);
    const real = realPathWithinSync(thumb, [root]);
    if (!real || real === root) throw new GlimpseError('forbidden', 'thumbnail outside the cache');
    return { path: real, mime: imageMime(thumb) };
  }
  if (!existsSync(file.path) || !statSync(file.path).isFile()) throw new GlimpseError('not-found', 'file is gone from disk');
  const real = realPathWithinSync(file.path, catalog.folders.list().map((f) => f.path));
  if (!real) throw new GlimpseError('forbidden', 'file is outside the watched folders');
  if (kind === 'original' || file.kind !== 'image') {
    return { path: real, mime: file.kind === 'image' ? imageMime(file.path) : 'application/octet-stream' };
  }
  // preview: browsers cannot show HEIC/TIFF and huge JPEGs are slow: a 1600 px WebP, cached by content.
  if (BROWSER_IMAGE.test(file.path) && file.size < 4_000_000) return { path: real, mime: imageMime(file.path) };
  const out = join(dirs.cacheDir, 'previews', `${file.contentId ?? `f${file.id}`}.webp`);
  if (!existsSync(out)) {
    mkdirSync(join(dirs.cacheDir, 'previews'), { recursive: true });
    try {
      // The thumbnail's decode path: libvips, or libheif for HEVC-coded HEIC/HEIF (iPhone photos),
      // which the prebuilt libvips cannot decode. open() is already EXIF-rotated.
      const source = await openImageSource(real);
      await source.open().resize(1600, 1600, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 82 }).toFile(out);
    } catch (err) {
      if (err instanceof GlimpseError) throw err;
      throw new GlimpseError('corrupt', `cannot render a preview: ${(err as Error).message}`);
    }
  }
  return { path: out, mime: 'image/webp' };
}
