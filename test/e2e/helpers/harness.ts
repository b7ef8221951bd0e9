// End-to-end harness: builds a small library from ../shared/eval, drives the real `glimpse` CLI
// (models import, index, serve --json) and Debian's Chromium through playwright-core.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const EVAL = resolve(ROOT, '../shared/eval');
export const TINY_PACK = resolve(ROOT, '../shared/fixtures/tiny-clip-immich');
export const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const CHROMIUM = process.env.GLIMPSE_CHROMIUM ?? '/usr/bin/chromium';
const BIN = join(ROOT, 'bin', 'glimpse.mjs');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `glimpse-e2e-${prefix}-`));
}

/** Runs the CLI to completion; throws with its stderr when it fails. */
export async function cli(args: string[], timeoutMs = 240_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GLIMPSE_PROGRESS: '0' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`glimpse ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** The renderer must be built for `serve`; `npm run test:e2e` does it, direct vitest runs get it here. */
export function ensureRendererBuilt(): void {
  if (existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

export interface LibraryLayout {
  root: string;
  photos: string;
  recipes: string;
  broken: string;
}

/**
 * A small mixed library: 80 COCO photos and 63 food photos, 60 recipe documents (Markdown), and a
 * folder of broken files (a PNG with a corrupt header, a "JPEG" that is text).
 */
export function buildLibrary(root: string): LibraryLayout {
  const photos = join(root, 'photos');
  const recipes = join(root, 'recipes');
  const broken = join(root, 'broken');
  for (const d of [photos, recipes, broken]) mkdirSync(d, { recursive: true });
  const coco = join(EVAL, 'coco2017-mini80', 'images');
  for (const f of readdirSync(coco)) copyFileSync(join(coco, f), join(photos, f));
  const foodImages = join(EVAL, 'recipes-based-cooking', 'images');
  for (const f of readdirSync(foodImages)) copyFileSync(join(foodImages, f), join(photos, f));
  const docs = join(EVAL, 'recipes-based-cooking', 'docs');
  for (const f of readdirSync(docs).filter((n) => n.endsWith('.md') && !n.startsWith('_')).sort().slice(0, 60)) copyFileSync(join(docs, f), join(recipes, f));
  copyFileSync(join(EVAL, 'robustness', 'corrupt', 'pillow_broken.png'), join(broken, 'pillow_broken.png'));
  writeFileSync(join(broken, 'not-really.jpg'), 'this is text, not a JPEG\n');
  return { root, photos, recipes, broken };
}

export interface Serve {
  url: string;
  openUrl: string;
  token: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `glimpse serve --port 0 --json` and waits for its one JSON line. */
export async function startServe(dataDir: string, extra: string[] = []): Promise<Serve> {
  ensureRendererBuilt();
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--json', 'serve', '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // Never leave a server behind, even when the test process dies on an unhandled error.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const line = await new Promise<string>((res, rej) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => rej(new Error(`glimpse serve printed nothing in 60 s: ${err.slice(-2000)}`)), 60_000);
    rl.once('line', (l) => {
      clearTimeout(timer);
      res(l);
    });
    child.once('exit', (code) => rej(new Error(`glimpse serve exited ${code}: ${err.slice(-2000)}`)));
  });
  const info = JSON.parse(line) as { url: string; token: string; openUrl?: string; port?: number };
  const open = new URL(info.url);
  open.searchParams.set('token', info.token);
  return {
    url: info.url,
    token: info.token,
    openUrl: info.openUrl ?? open.href,
    port: info.port ?? Number(open.port),
    child,
    stderr: () => err,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          res();
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set GLIMPSE_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

/** A page with console errors and uncaught exceptions collected (tests assert there are none). */
export async function openPage(browser: Browser, url: string, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // 4xx answers the tests provoke on purpose show up as console errors too; those are filtered by the tests.
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Waits until the results for a search key (see ResultsView: data-results-for) are in the DOM. */
export function resultsFor(page: Page, key: string) {
  return page.locator(`[data-results-for="${key.replace(/"/g, '\\"')}"]`);
}
