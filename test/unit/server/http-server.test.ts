// The browser-mode HTTP server over real sockets: token, Host/Origin checks, contract validation,
// error mapping, media by opaque id, static files with CSP, and the event stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type HttpServerHandle } from '../../../src/main/server/http-server';
import { GlimpseError } from '../../../src/shared/errors';
import { stubEngine, type StubEngine } from './stub-engine';

const TOKEN = 'test-token-0123456789abcdef';
const IMAGE = '/work/shared/eval/coco2017-mini80/images';

let dir: string;
let engine: StubEngine;
let server: HttpServerHandle;
let base: string;
let photo: string;

/** Raw HTTP so tests control Host, Origin and unnormalised paths (fetch would fix them up). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function api(name: string, body: unknown, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${base}api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-server-'));
  const staticDir = join(dir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Glimpse</title>');
  writeFileSync(join(staticDir, 'assets', 'app-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'link.txt'));
  photo = join(IMAGE, '000000000790.jpg');
  engine = stubEngine({
    status: () => ({ ok: 'status' }),
    search: (input) => ({ echo: input }),
    foldersList: () => {
      throw new GlimpseError('model-missing', 'no model installed');
    },
    modelsList: () => {
      throw new Error('boom');
    },
    resolveMedia: (kind, id) => {
      if (id === 1) return { path: photo, mime: 'image/jpeg' };
      if (id === 2) throw new GlimpseError('forbidden', 'outside watched folders');
      throw new GlimpseError('not-found', `no file ${id}`);
    },
  });
  server = await startHttpServer({ engine, staticDir, token: TOKEN, maxBodyBytes: 64 * 1024 });
  base = server.url;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('token', () => {
  it('rejects API calls without or with a wrong token', async () => {
    const none = await api('status', {}, null);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ kind: 'unauthorized', message: expect.stringContaining('token') });
    expect((await api('status', {}, TOKEN + 'x')).status).toBe(401);
    expect((await api('status', {}, TOKEN.slice(0, -1) + 'X')).status).toBe(401);
    expect(engine.calls.filter((c) => c.name === 'status')).toHaveLength(0);
  });

  it('accepts the bearer header and the query parameter', async () => {
    expect(await (await api('status', {})).json()).toEqual({ ok: 'status' });
    const q = await fetch(`${base}api/status?token=${TOKEN}`, { method: 'POST' });
    expect(q.status).toBe(200);
  });

  it('generates a long random token when none is given, and refuses non-loopback hosts', async () => {
    const s = await startHttpServer({ engine, staticDir: dir });
    try {
      expect(s.token.length).toBeGreaterThanOrEqual(40);
      expect(s.openUrl).toBe(`${s.url}?token=${encodeURIComponent(s.token)}`);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await s.close();
    }
    await expect(startHttpServer({ engine, staticDir: dir, host: '0.0.0.0' })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('host and origin', () => {
  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await raw('/api/status', { method: 'POST', headers: { host: `evil.example:${server.port}`, authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(403);
    const page = await raw('/', { headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    expect((await raw('/', { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const r = await raw('/api/status', { method: 'POST', headers: { origin: 'http://evil.example', authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(403);
    const same = await raw('/api/status', { method: 'POST', headers: { origin: `http://127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}` } });
    expect(same.status).toBe(200);
  });
});

describe('calls', () => {
  it('parses input with the contract schema (defaults applied) before the engine sees it', async () => {
    const r = await api('search', { query: '  dog  ' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      echo: { query: 'dog', filters: { type: 'all' }, sort: 'relevance', page: 0, pageSize: 50, includeBelowCutoff: false },
    });
  });

  it('answers 404 for unknown calls, 405 for GET, 400 for bad JSON or invalid input, 415 for non-JSON', async () => {
    const before = engine.calls.length;
    const unknown = await api('dropDatabase', {});
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).kind).toBe('not-found');
    expect((await api('__proto__', {})).status).toBe(404);
    expect((await api('constructor', {})).status).toBe(404);
    expect((await fetch(`${base}api/search?token=${TOKEN}`)).status).toBe(405);
    const badJson = await fetch(`${base}api/search`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{"query":' });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).message).toMatch(/JSON/);
    const invalid = await api('search', { query: '   ' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ kind: 'bad-request', message: expect.stringContaining('query is empty') });
    const extra = await api('search', { query: 'x', evil: true });
    expect(extra.status).toBe(400);
    const plain = await fetch(`${base}api/search`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' }, body: '{"query":"x"}' });
    expect(plain.status).toBe(415);
    expect(engine.calls.length).toBe(before);
  });

  it('refuses image references by path from the UI', async () => {
    const before = engine.calls.length;
    for (const [name, body] of [
      ['similar', { image: { path: '/etc/passwd' } }],
      ['related', { image: { path: photo } }],
      ['explain', { queryImage: { path: '/etc/passwd' }, fileId: 1 }],
      ['explain', { query: 'a dog', target: { path: '/etc/passwd' } }],
    ] as const) {
      const r = await api(name, body);
      expect(r.status).toBe(403);
      expect((await r.json()).kind).toBe('forbidden');
    }
    expect(engine.calls.length).toBe(before);
    expect((await api('similar', { image: { fileId: 3 } })).status).toBe(200);
  });

  it('maps engine error kinds to statuses and hides nothing of the message', async () => {
    const r = await api('foldersList', {});
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ kind: 'model-missing', message: 'no model installed' });
    const boom = await api('modelsList', {});
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ kind: 'internal', message: 'boom' });
  });

  it('limits the body size', async () => {
    const r = await api('similar', { image: { bytesBase64: 'A'.repeat(100 * 1024) } });
    expect(r.status).toBe(413);
    expect((await r.json()).kind).toBe('too-large');
  });
});

describe('media', () => {
  it('serves a file by numeric id with its type and a sandboxing CSP', async () => {
    const r = await fetch(`${base}media/thumbnail/1?token=${TOKEN}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(photo))).toBe(true);
    const again = await fetch(`${base}media/thumbnail/1?token=${TOKEN}`, { headers: { 'If-None-Match': r.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('needs the token', async () => {
    expect((await fetch(`${base}media/thumbnail/1`)).status).toBe(401);
  });

  it('accepts only opaque ids: no paths, no traversal, no odd numbers', async () => {
    const before = engine.calls.length;
    for (const p of [
      '/media/original/..%2F..%2Fetc%2Fpasswd',
      '/media/original/%2Fetc%2Fpasswd',
      '/media/original/../../etc/passwd',
      '/media/thumbnail/abc',
      '/media/thumbnail/0',
      '/media/thumbnail/-1',
      '/media/thumbnail/01',
      '/media/thumbnail/1.5',
      '/media/thumbnail/1e3',
      '/media/thumbnail/99999999999999999999',
      '/media/secret/1',
      '/media/thumbnail/1/extra',
    ]) {
      const r = await raw(`${p}?token=${TOKEN}`);
      expect(r.status, p).toBe(404);
    }
    expect(engine.calls.length).toBe(before);
  });

  it('passes the engine verdict for ids outside watched folders', async () => {
    const r = await fetch(`${base}media/original/2?token=${TOKEN}`);
    expect(r.status).toBe(403);
    expect((await fetch(`${base}media/original/7?token=${TOKEN}`)).status).toBe(404);
  });
});

describe('static files', () => {
  it('serves the renderer with a strict CSP and security headers', async () => {
    const r = await fetch(base);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>Glimpse</title>');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    const js = await fetch(`${base}assets/app-abc.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('never leaves the static folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/link.txt', '/..%5csecret.txt', '/%00index.html']) {
      const r = await raw(p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('secret');
    }
  });

  it('refuses other methods', async () => {
    expect((await fetch(base, { method: 'POST' })).status).toBe(405);
  });
});

describe('events', () => {
  it('streams engine events, coalescing progress bursts, and unsubscribes on close', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}api/events?token=${TOKEN}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil(': connected');
    expect(engine.listenerCount()).toBe(3);
    const progress = (done: number) => ({ queued: 100, done, failed: 0, ratePerSec: 10, etaSeconds: 9, paused: false, current: null });
    for (let i = 1; i <= 50; i++) engine.emit('progress', progress(i));
    engine.emit('fileError', { path: '/x/broken.jpg', kind: 'corrupt', message: 'not an image' });
    await readUntil('"done":50');
    const progressEvents = text.split('event: progress').length - 1;
    expect(progressEvents).toBeLessThan(5);
    expect(text).toContain('event: fileError\ndata: {"path":"/x/broken.jpg","kind":"corrupt","message":"not an image"}');
    controller.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.listenerCount()).toBe(0);
  });

  it('needs the token', async () => {
    expect((await fetch(`${base}api/events`)).status).toBe(401);
  });
});
