// The glimpse: protocol handler with real files: app files only from the renderer folder, media only
// by numeric id through the engine's resolver, never by path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProtocolHandler, parseGlimpseUrl, APP_CSP } from '../../../src/main/protocol';
import { GlimpseError } from '../../../src/shared/errors';
import type { MediaKind } from '../../../src/main/engine/engine-host';

const PHOTO = '/work/shared/eval/coco2017-mini80/images/000000000790.jpg';
let dir: string;
let handler: (r: Request) => Promise<Response>;
const asked: { kind: MediaKind; id: number }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-proto-'));
  const app = join(dir, 'renderer');
  mkdirSync(join(app, 'assets'), { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!doctype html><title>Glimpse</title>');
  writeFileSync(join(app, 'assets', 'main.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  symlinkSync(join(dir, 'secret.txt'), join(app, 'assets', 'link.js'));
  handler = createProtocolHandler({
    rendererDir: app,
    resolveMedia: async (kind, id) => {
      asked.push({ kind, id });
      if (id === 1) return { path: PHOTO, mime: 'image/jpeg' };
      if (id === 2) throw new GlimpseError('forbidden', 'file is outside the watched folders');
      if (id === 3) return { path: join(dir, 'gone.jpg'), mime: 'image/jpeg' };
      throw new GlimpseError('not-found', `no file with id ${id}`);
    },
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string) => handler(new Request(url));

describe('parseGlimpseUrl', () => {
  it('accepts app files and media by positive integer id only', () => {
    expect(parseGlimpseUrl('glimpse://app/index.html')).toEqual({ type: 'app', pathname: '/index.html' });
    expect(parseGlimpseUrl('glimpse://thumbnail/42')).toEqual({ type: 'media', kind: 'thumbnail', id: 42 });
    expect(parseGlimpseUrl('glimpse://original/9007199254740991')).toEqual({ type: 'media', kind: 'original', id: 9007199254740991 });
    for (const bad of [
      'glimpse://thumbnail/0',
      'glimpse://thumbnail/-1',
      'glimpse://thumbnail/01',
      'glimpse://thumbnail/1.0',
      'glimpse://thumbnail/1e2',
      'glimpse://thumbnail/abc',
      'glimpse://thumbnail/99999999999999999',
      'glimpse://thumbnail/1/2',
      'glimpse://thumbnail/%2Fetc%2Fpasswd',
      'glimpse://original/..%2F..%2Fetc%2Fpasswd',
      'glimpse://file/1',
      'glimpse://user:pw@thumbnail/1',
      'glimpse://thumbnail:8080/1',
      'https://app/index.html',
      'not a url',
    ]) {
      expect(parseGlimpseUrl(bad), bad).toBeNull();
    }
  });
});

describe('app files', () => {
  it('serves the renderer with the app CSP', async () => {
    const r = await get('glimpse://app/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toContain('unsafe');
    expect(await r.text()).toContain('<title>Glimpse</title>');
    expect((await get('glimpse://app/')).status).toBe(200);
    const js = await get('glimpse://app/assets/main.js');
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('never serves anything outside the renderer folder', async () => {
    for (const url of [
      'glimpse://app/../secret.txt',
      'glimpse://app/%2e%2e/secret.txt',
      'glimpse://app/assets/..%2f..%2fsecret.txt',
      'glimpse://app/..%5csecret.txt',
      'glimpse://app/assets/link.js',
      'glimpse://app/assets',
      'glimpse://app/nope.html',
    ]) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(await r.text()).not.toContain('top secret');
    }
  });
});

describe('media', () => {
  it('serves the file the engine resolves for an id', async () => {
    const r = await get('glimpse://preview/1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(PHOTO))).toBe(true);
    expect(asked.at(-1)).toEqual({ kind: 'preview', id: 1 });
  });

  it('maps the engine verdict to a status and never asks it about malformed ids', async () => {
    expect((await get('glimpse://original/2')).status).toBe(403);
    expect(await (await get('glimpse://original/2')).json()).toEqual({ kind: 'forbidden', message: 'file is outside the watched folders' });
    expect((await get('glimpse://original/3')).status).toBe(404);
    expect((await get('glimpse://thumbnail/77')).status).toBe(404);
    const before = asked.length;
    for (const url of ['glimpse://original/..%2F..%2Fetc%2Fpasswd', 'glimpse://thumbnail/abc', 'glimpse://thumbnail/-5', 'glimpse://secret/1']) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect(asked.length).toBe(before);
  });

  it('refuses non-GET methods', async () => {
    expect((await handler(new Request('glimpse://thumbnail/1', { method: 'POST', body: 'x' }))).status).toBe(400);
  });
});
