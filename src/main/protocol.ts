// The privileged glimpse: scheme. glimpse://app/<file> serves the built renderer (so the app never
// runs from file://, and gets a real origin and a CSP header); glimpse://<thumbnail|preview|original>/<id>
// serves media by opaque catalog id, resolved by the engine to files under watched folders or its
// thumbnail cache only. Paths are never accepted. Written against the web Request/Response types
// that protocol.handle uses, so it runs (and is tested) without Electron.
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { extname } from 'node:path';
import { GlimpseError, toErrorBody } from '../shared/errors';
import type { MediaKind, ResolvedMedia } from './engine';
import { isMediaKind, parseMediaId } from '../shared/media-ids';
import { findStaticFile } from './server/static-files';
import { httpStatusFor } from '../shared/http-status';

export const SCHEME = 'glimpse';
export const APP_ORIGIN = 'glimpse://app';

/** CSP of the Electron renderer: like browser mode, plus media from the glimpse: scheme. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' glimpse: data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const MEDIA_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

const appMime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export type ParsedGlimpseUrl = { type: 'app'; pathname: string } | { type: 'media'; kind: MediaKind; id: number };

/** Parses a glimpse: URL; null for anything not of the two accepted shapes. */
export function parseGlimpseUrl(raw: string): ParsedGlimpseUrl | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== `${SCHEME}:` || u.username || u.password || u.port) return null;
  if (u.host === 'app') return { type: 'app', pathname: u.pathname || '/' };
  if (!isMediaKind(u.host)) return null;
  const m = /^\/([^/]+)$/.exec(u.pathname);
  if (!m || !m[1]) return null;
  const id = parseMediaId(m[1]);
  return id === null ? null : { type: 'media', kind: u.host, id };
}

function fileResponse(path: string, mime: string, headers: Record<string, string>): Response {
  const st = statSync(path);
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: { 'Content-Type': mime, 'Content-Length': String(st.size), 'X-Content-Type-Options': 'nosniff', ...headers } });
}

function errorResponse(err: unknown): Response {
  const body = toErrorBody(err);
  return new Response(JSON.stringify(body), { status: httpStatusFor(body.kind), headers: { 'Content-Type': 'application/json' } });
}

export interface ProtocolDeps {
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  resolveMedia(kind: MediaKind, id: number): Promise<ResolvedMedia>;
}

export function createProtocolHandler(deps: ProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new GlimpseError('bad-request', 'only GET is supported');
      const parsed = parseGlimpseUrl(request.url);
      if (!parsed) throw new GlimpseError('not-found', 'not a Glimpse URL: glimpse://app/<file> or glimpse://<thumbnail|preview|original>/<id>');
      if (parsed.type === 'app') {
        const found = findStaticFile(deps.rendererDir, parsed.pathname);
        if (!found) throw new GlimpseError('not-found', 'no such app file');
        const file = found.file;
        const ext = extname(file).toLowerCase();
        const headers: Record<string, string> = ext === '.html' ? { 'Content-Security-Policy': APP_CSP } : {};
        return fileResponse(file, appMime[ext] ?? 'application/octet-stream', headers);
      }
      const media = await deps.resolveMedia(parsed.kind, parsed.id);
      let ok = false;
      try {
        ok = statSync(media.path).isFile();
      } catch {}
      if (!ok) throw new GlimpseError('not-found', `the file for id ${parsed.id} is no longer on disk`);
      return fileResponse(media.path, media.mime, { 'Content-Security-Policy': MEDIA_CSP, 'Cache-Control': 'private, max-age=300' });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
