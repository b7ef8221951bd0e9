// The page image of a document passage, for the preview: media kind 'page', whose opaque id is the
// passage's (chunk's) id, never a path. The passage names its content and page; the file is one of
// that content's catalog files, served only when its real path lies inside a watched folder (like
// every other media). PDF pages are rendered with pdfjs (the OCR pass's renderer) once, then cached
// by content and page in the data dir's cache.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';
import type { ResolvedMedia } from './engine-host';
import { renderPdfPage } from './extract/ocr';
import { realPathWithinSync } from './util/contained-path';
import { writeFileAtomic } from './util/atomic-write';
import type { DataDir } from './util/data-dir';

/** Long side of a rendered page: sharp enough to read in the preview pane, small enough to cache. */
export const PAGE_IMAGE_SIDE = 1400;

/** Renders one page at a time: pdfjs keeps one document open and a page render is CPU-heavy. */
let queue: Promise<unknown> = Promise.resolve();

export async function resolvePageImage(catalog: Catalog, dirs: DataDir, chunkId: number): Promise<ResolvedMedia> {
  if (!Number.isInteger(chunkId) || chunkId <= 0) throw new GlimpseError('bad-request', 'media id must be a positive integer');
  const chunk = catalog.chunks.getMany([chunkId])[0];
  if (!chunk) throw new GlimpseError('not-found', `no passage with id ${chunkId}`);
  if (chunk.page === null) throw new GlimpseError('not-found', 'this passage is not on a page');
  const roots = catalog.folders.list().map((f) => f.path);
  const file = catalog.files
    .byContent(chunk.contentId)
    .filter((f) => f.kind === 'document' && /\.pdf$/i.test(f.path))
    .map((f) => ({ f, real: existsSync(f.path) ? realPathWithinSync(f.path, roots) : null }))
    .find((x) => x.real !== null);
  if (!file?.real) throw new GlimpseError('not-found', 'no PDF inside the watched folders holds this passage');
  const out = join(dirs.cacheDir, 'pages', `${chunk.contentId}-p${chunk.page}.png`);
  if (!existsSync(out)) {
    const real = file.real;
    const page = chunk.page;
    const job = queue.then(async () => {
      if (existsSync(out)) return;
      const png = await renderPdfPage(real, page, PAGE_IMAGE_SIDE);
      mkdirSync(join(dirs.cacheDir, 'pages'), { recursive: true });
      writeFileAtomic(out, png);
    });
    queue = job.catch(() => undefined);
    await job;
  }
  return { path: out, mime: 'image/png' };
}
