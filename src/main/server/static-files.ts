// Serves the built renderer (the Vite output, e.g. out/renderer) for browser mode. Only files that
// really lie under the static root are served: no `..`, no encoded separators, no symlinks out.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { RENDERER_CSP } from './security-headers';

const mimeByExt: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps a URL pathname to a file under root, or null when it would leave root or is malformed.
 * Exported for tests; `/` maps to index.html.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const rootAbs = resolve(root);
  const rel = segments.length === 0 ? 'index.html' : segments.join(sep);
  const candidate = resolve(join(rootAbs, rel));
  if (candidate !== rootAbs && !candidate.startsWith(rootAbs + sep)) return null;
  return candidate;
}

/** Real path check: the file (after symlinks) must still be inside root. */
function insideRoot(root: string, file: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const realFile = realpathSync(file);
    return realFile.startsWith(realRoot + sep);
  } catch {
    return false;
  }
}

/** A regular file under root (symlinks resolved) for the pathname, with its size; null otherwise. */
export function findStaticFile(root: string, pathname: string): { file: string; size: number } | null {
  const file = resolveStaticPath(root, pathname);
  if (!file || !insideRoot(root, file)) return null;
  try {
    const st = statSync(file);
    return st.isFile() ? { file, size: st.size } : null;
  } catch {
    return null;
  }
}

export function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  const found = findStaticFile(root, pathname);
  if (!found) {
    const indexMissing = resolveStaticPath(root, '/') === null || !safeIsFile(join(root, 'index.html'));
    res.statusCode = indexMissing ? 503 : 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(indexMissing ? 'The Glimpse web UI is not built: run `npm run build:renderer`.\n' : 'Not found\n');
    return;
  }
  const { file, size } = found;
  const ext = extname(file).toLowerCase();
  res.statusCode = 200;
  res.setHeader('Content-Type', mimeByExt[ext] ?? 'application/octet-stream');
  res.setHeader('Content-Length', size);
  // Vite puts content hashes in asset names, so those never change; the page itself must be fresh.
  res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (ext === '.html') res.setHeader('Content-Security-Policy', RENDERER_CSP);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function safeIsFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
