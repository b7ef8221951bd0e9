// Browser-mode API security against the real `glimpse serve` and engine: the token, Host/Origin
// checks, media only by opaque id and only under watched folders, no image paths from the UI,
// and the page keeping its token out of the address bar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { cli, EVAL, launchBrowser, openPage, removeDir, startServe, tempDir, TINY_PACK, type Serve } from './helpers/harness';

let dir: string;
let serve: Serve;
let keep: string;
let drop: string;

function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path, method, headers: { host: `127.0.0.1:${serve.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const api = (name: string, body: unknown, token: string | null = serve.token) =>
  fetch(`${serve.url}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

async function idOf(name: string): Promise<number> {
  const r = await (await api('search', { query: name.replace(/\.jpg$/, ''), includeBelowCutoff: true, pageSize: 200 })).json();
  const hit = r.results.find((h: { name: string }) => h.name === name);
  if (!hit) throw new Error(`${name} not found: ${JSON.stringify(r).slice(0, 300)}`);
  return hit.id;
}

beforeAll(async () => {
  dir = tempDir('security');
  keep = join(dir, 'keep');
  drop = join(dir, 'drop');
  mkdirSync(keep);
  mkdirSync(drop);
  const coco = join(EVAL, 'coco2017-mini80', 'images');
  const files = readdirSync(coco).sort();
  for (const f of files.slice(0, 4)) copyFileSync(join(coco, f), join(keep, f));
  for (const f of files.slice(4, 8)) copyFileSync(join(coco, f), join(drop, f));
  const data = join(dir, 'data');
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  await cli(['--data-dir', data, '--json', 'index', keep, drop]);
  serve = await startServe(data, ['--no-index']);
});

afterAll(async () => {
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('token', () => {
  it('is required on every API call, media request and the event stream', async () => {
    for (const token of [null, 'wrong', serve.token.slice(0, -1)]) {
      const r = await api('status', {}, token);
      expect(r.status).toBe(401);
      expect((await r.json()).kind).toBe('unauthorized');
    }
    expect((await api('status', {})).status).toBe(200);
    const id = await idOf(readdirSync(keep).sort()[0]!);
    expect((await fetch(`${serve.url}media/thumbnail/${id}`)).status).toBe(401);
    expect((await fetch(`${serve.url}media/thumbnail/${id}?token=nope`)).status).toBe(401);
    expect((await fetch(`${serve.url}api/events`)).status).toBe(401);
    const ok = await fetch(`${serve.url}media/thumbnail/${id}?token=${serve.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^image\//);
  });

  it('carries at least 128 bits of randomness', async () => {
    expect(Buffer.from(serve.token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });
});

describe('requests from other sites', () => {
  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await raw('/', { host: `attacker.example:${serve.port}` })).status).toBe(403);
    expect((await raw('/api/status', { host: `attacker.example:${serve.port}`, authorization: `Bearer ${serve.token}` }, 'POST')).status).toBe(403);
    expect((await raw('/api/status', { origin: 'http://attacker.example', authorization: `Bearer ${serve.token}` }, 'POST')).status).toBe(403);
  });

  it('serves the page with a strict CSP', async () => {
    const r = await fetch(serve.url);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('files outside watched folders', () => {
  it('never serves a path, only ids', async () => {
    for (const p of ['/media/original/..%2F..%2F..%2Fetc%2Fpasswd', '/media/original/%2Fetc%2Fpasswd', '/media/original/../../../../etc/passwd', '/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/media/thumbnail/1abc']) {
      const r = await raw(`${p}${p.includes('?') ? '&' : '?'}token=${serve.token}`);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('root:');
    }
  });

  it('refuses image references by path, even inside a watched folder', async () => {
    for (const path of ['/etc/passwd', join(keep, readdirSync(keep)[0]!)]) {
      const r = await api('similar', { image: { path } });
      expect(r.status).toBe(403);
      expect((await r.json()).kind).toBe('forbidden');
    }
  });

  it('stops serving a file once its folder is no longer watched', async () => {
    const name = readdirSync(drop).sort()[0]!;
    const id = await idOf(name);
    expect((await fetch(`${serve.url}media/original/${id}?token=${serve.token}`)).status).toBe(200);
    expect((await api('foldersRemove', { path: drop })).status).toBe(200);
    const after = await fetch(`${serve.url}media/original/${id}?token=${serve.token}`);
    expect([403, 404]).toContain(after.status);
    for (const kind of ['thumbnail', 'preview']) expect([403, 404]).toContain((await fetch(`${serve.url}media/${kind}/${id}?token=${serve.token}`)).status);
  });

  it('explains a bad folder clearly', async () => {
    const r = await api('foldersAdd', { path: join(dir, 'missing') });
    expect(r.status).toBeGreaterThanOrEqual(400);
    const body = await r.json();
    expect(typeof body.kind).toBe('string');
    expect(body.message.length).toBeGreaterThan(5);
  });
});

describe('the page', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('keeps the token out of the URL and cannot call the API without it', async () => {
    browser = await launchBrowser();
    const { page } = await openPage(browser, serve.openUrl);
    await page.getByRole('combobox', { name: 'Search photos and documents' }).waitFor();
    expect(page.url()).not.toContain(serve.token);
    const status = await page.evaluate(async () => (await fetch('api/status', { method: 'POST' })).status);
    expect(status).toBe(401);
    // A reload keeps working from sessionStorage.
    await page.reload();
    await page.getByRole('button', { name: /^Library/ }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('glimpse.token'))).toBe(serve.token);
  });
});
