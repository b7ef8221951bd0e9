// Request gatekeeping for `glimpse serve`: the per-run secret token, the Host header allow-list that
// defeats DNS rebinding, and the Origin check that stops other web pages from driving the API.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token a request presents: `Authorization: Bearer <t>` or `?token=<t>` (for <img>/EventSource). */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m?.[1]) return m[1];
  }
  return url.searchParams.get('token');
}

/** Constant-time comparison so the token cannot be guessed byte by byte from response timings. */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * A page on evil.example can make the browser resolve its own name to 127.0.0.1 (DNS rebinding) and
 * then talk to us as "same origin"; its requests still carry `Host: evil.example`. Only our own
 * loopback names are accepted.
 */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function hostAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && hosts.has(host.toLowerCase());
}

/** Browsers send Origin on cross-origin requests and on POSTs; when present it must be ours. */
export function originAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && hosts.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}
