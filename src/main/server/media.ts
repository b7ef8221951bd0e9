// Serves media by opaque catalog id (ids parsed in src/shared/media-ids.ts) for browser mode. The
// engine resolves ids to files under watched folders or its own thumbnail cache only.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UiEngineHost } from '../engine';
import { GlimpseError } from '../../shared/errors';
import type { MediaKind } from '../../shared/media-ids';
import { MEDIA_CSP } from './security-headers';

/** Resolves and stats a media file; throws GlimpseError('not-found'|'forbidden'|...). */
export async function openMedia(engine: UiEngineHost, kind: MediaKind, id: number): Promise<{ path: string; mime: string; size: number; mtimeMs: number }> {
  const resolved = await engine.resolveMedia(kind, id);
  let st;
  try {
    st = statSync(resolved.path);
  } catch {
    throw new GlimpseError('not-found', `the file for id ${id} is no longer on disk`);
  }
  if (!st.isFile()) throw new GlimpseError('not-found', `the file for id ${id} is not a regular file`);
  return { path: resolved.path, mime: resolved.mime, size: st.size, mtimeMs: st.mtimeMs };
}

export async function serveMedia(engine: UiEngineHost, kind: MediaKind, id: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const media = await openMedia(engine, kind, id);
  const etag = `"${media.size.toString(36)}-${Math.floor(media.mtimeMs).toString(36)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, max-age=300');
  res.setHeader('Content-Security-Policy', MEDIA_CSP);
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', media.mime);
  res.setHeader('Content-Length', media.size);
  res.setHeader('Content-Disposition', 'inline');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    createReadStream(media.path)
      .on('error', () => {
        res.destroy();
        resolve();
      })
      .on('end', resolve)
      .pipe(res);
  });
}
