// Media by opaque catalog id: /media/<thumbnail|preview|original>/<id> in browser mode and
// glimpse://<kind>/<id> in Electron. Ids are plain positive integers; anything else (paths, dots,
// signs, huge numbers) is refused before the engine is asked. The engine resolves ids to files under
// watched folders or its own thumbnail cache only.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineHost, MediaKind } from '../engine-host';
import { GlimpseError } from '../../../shared/errors';
import { MEDIA_CSP } from './security-headers';

export const MEDIA_KINDS: readonly MediaKind[] = ['thumbnail', 'preview', 'original'];

export function isMediaKind(s: string): s is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(s);
}

/** A positive decimal integer that fits a JS safe integer, no leading zeros, signs or extras. */
export function parseMediaId(s: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Parses `/media/<kind>/<id>`; null for anything else. */
export function parseMediaPath(pathname: string): { kind: MediaKind; id: number } | null {
  const m = /^\/media\/([a-z]+)\/([^/]+)$/.exec(pathname);
  if (!m || !m[1] || !m[2]) return null;
  if (!isMediaKind(m[1])) return null;
  const id = parseMediaId(m[2]);
  return id === null ? null : { kind: m[1], id };
}

/** Resolves and stats a media file; throws GlimpseError('not-found'|'forbidden'|...). */
export async function openMedia(engine: EngineHost, kind: MediaKind, id: number): Promise<{ path: string; mime: string; size: number; mtimeMs: number }> {
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

export async function serveMedia(engine: EngineHost, kind: MediaKind, id: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
