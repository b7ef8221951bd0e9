// Browser mode (`glimpse serve`): the renderer and the contract API over HTTP on loopback only.
// Every /api and /media request needs the per-run token; the Host header must name our loopback
// address (DNS rebinding) and a browser Origin, when sent, must be ours. See docs/desktop.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UiEngineHost } from '../engine';
import { GlimpseError } from '../../shared/errors';
import { allowedHosts, generateToken, hostAllowed, originAllowed, presentedToken, tokenMatches } from './auth';
import { handleApiCall, sendError, sendJson } from './api-route';
import { serveMedia } from './media';
import { parseMediaPath } from '../../shared/media-ids';
import { openEventStream } from './sse';
import { serveStatic } from './static-files';
import { setCommonHeaders } from './security-headers';

export interface HttpServerOptions {
  engine: UiEngineHost;
  /** 0 or undefined: a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: string;
  /** The built renderer (e.g. out/renderer). */
  staticDir: string;
  /** Fixed token (tests); a random 256-bit one otherwise. */
  token?: string;
  /** Largest accepted request body; images travel as base64 so this is generous. */
  maxBodyBytes?: number;
}

export interface HttpServerHandle {
  /** The origin with a trailing slash, e.g. http://127.0.0.1:5173/ */
  url: string;
  /** The URL to open in a browser: url + ?token=... (the page stores the token and strips it). */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new GlimpseError('forbidden', `glimpse serve listens on loopback only (127.0.0.1 or ::1), not ${host}`);
  if (opts.token !== undefined && opts.token.length < 16) throw new GlimpseError('bad-request', 'the server token must be at least 16 characters');
  const token = opts.token ?? generateToken();
  const bodyLimit = opts.maxBodyBytes ?? 96 * 1024 * 1024;
  const engine = opts.engine;
  const streams = new Set<() => void>();
  let hosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setCommonHeaders(res);
    if (!hostAllowed(req, hosts)) {
      req.resume();
      sendJson(res, 403, { kind: 'forbidden', message: 'unexpected Host header' });
      return;
    }
    if (!originAllowed(req, hosts)) {
      req.resume();
      sendJson(res, 403, { kind: 'forbidden', message: 'cross-origin requests are not allowed' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const isApi = path === '/api' || path.startsWith('/api/');
    const isMedia = path === '/media' || path.startsWith('/media/');

    if (isApi || isMedia) {
      if (!tokenMatches(token, presentedToken(req, url))) {
        req.resume();
        throw new GlimpseError('unauthorized', 'missing or wrong token: open the URL printed by `glimpse serve`');
      }
    }
    if (isApi) {
      const name = path.slice('/api/'.length);
      if (name === 'events') {
        if (req.method !== 'GET') throw new GlimpseError('bad-request', 'use GET for /api/events');
        const close = openEventStream(engine, req, res);
        streams.add(close);
        req.on('close', () => streams.delete(close));
        return;
      }
      await handleApiCall(engine, name, req, res, bodyLimit);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.setHeader('Allow', 'GET, HEAD');
      sendJson(res, 405, { kind: 'bad-request', message: `${req.method} is not allowed here` });
      return;
    }
    if (isMedia) {
      const media = parseMediaPath(path);
      if (!media) throw new GlimpseError('not-found', 'media URLs are /media/<thumbnail|preview|original>/<numeric id>');
      await serveMedia(engine, media.kind, media.id, req, res);
      return;
    }
    serveStatic(opts.staticDir, path, req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 0; // long calls (model downloads) and the event stream stay open

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(port);
  const origin = host === '::1' ? `http://[::1]:${port}/` : `http://127.0.0.1:${port}/`;

  return {
    url: origin,
    openUrl: `${origin}?token=${encodeURIComponent(token)}`,
    token,
    port,
    close: async () => {
      for (const close of [...streams]) close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
