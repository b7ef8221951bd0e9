// First run in the browser UI against a real `glimpse serve` on an empty data dir, with the
// keyboard alone: the welcome sheet focuses a model's Download, an offline download says so and can
// be cancelled, a pack is imported from a folder path, the next step asks for a folder ("~/Pictures"
// is the home folder, not <cwd>/~), and a search finds the new photos. Then the model is removed
// from the Models sheet: its files go, keyword matches explain themselves without a heatmap, and
// image actions say they need a model instead of failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EVAL, launchBrowser, openPage, removeDir, resultsFor, screenshot, startServe, tempDir, TINY_PACK, type Serve } from './helpers/harness';
import { seriousViolations } from './helpers/axe';

let dir: string;
let home: string;
let data: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

const PHOTOS = ['000000000790.jpg', '000000030752.jpg', '000000037666.jpg'];
const search = () => page.getByRole('combobox', { name: 'Search photos and documents' });
const welcome = () => page.getByRole('dialog', { name: 'Welcome to Glimpse' });
const focused = () => page.evaluate(() => ({ label: document.activeElement?.getAttribute('aria-label') ?? '', text: document.activeElement?.textContent?.trim() ?? '', tag: document.activeElement?.tagName }));

async function tabTo(label: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused()).label === label) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${label}"`);
}

beforeAll(async () => {
  dir = tempDir('first-run');
  home = join(dir, 'home');
  const pictures = join(home, 'Pictures');
  mkdirSync(pictures, { recursive: true });
  for (const f of PHOTOS) copyFileSync(join(EVAL, 'coco2017-mini80', 'images', f), join(pictures, f));
  copyFileSync(join(EVAL, 'robustness', 'heic_heif_avif', 'IMG_5195.HEIC'), join(pictures, 'IMG_5195.HEIC'));
  data = join(dir, 'data');
  // The server's home folder (for "~") and an unreachable model server (offline), for this run only.
  const saved = { HOME: process.env.HOME, GLIMPSE_MODEL_BASE_URL: process.env.GLIMPSE_MODEL_BASE_URL };
  process.env.HOME = home;
  process.env.GLIMPSE_MODEL_BASE_URL = 'http://127.0.0.1:9';
  try {
    serve = await startServe(data);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, serve.openUrl));
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('first run with the keyboard alone', () => {
  it('focuses a model to download; offline, the download can be cancelled and then says the computer is offline', async () => {
    await welcome().waitFor();
    await expect.poll(async () => (await focused()).label).toMatch(/^Download .+ \(\d[\d,]* MB\)$/);
    const model = (await focused()).label.replace(/^Download (.+) \(.*$/, '$1');
    await screenshot(page, 'first-run-welcome');
    await page.keyboard.press('Enter');
    await welcome().getByText('Connecting to the model server…').waitFor();
    await expect.poll(async () => (await focused()).label).toBe(`Cancel the download of ${model}`);
    await screenshot(page, 'first-run-download-connecting');
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Download of ${model} cancelled` }).waitFor();
    expect(Date.now() - t0).toBeLessThan(3000);
    // Focus went back to the Download button: Enter tries again, and the retries end in a sentence.
    await expect.poll(async () => (await focused()).label.startsWith(`Download ${model} (`)).toBe(true);
    await page.keyboard.press('Enter');
    const alert = welcome().getByRole('alert').filter({ hasText: /seems to be offline/ });
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/import .+ from a folder/);
    await screenshot(page, 'first-run-offline');
  });

  it('imports a pack, is asked for a folder next, and "~/Pictures" is the home folder', async () => {
    await tabTo('Model folder path');
    await page.keyboard.type(TINY_PACK);
    await page.keyboard.press('Enter');
    await welcome().getByRole('heading', { name: 'tiny-clip-immich is ready. Now add a folder' }).waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await focused()).label).toBe('Folder path');
    await screenshot(page, 'first-run-add-folder');
    await page.keyboard.type('~/Pictures');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Watching ${join(home, 'Pictures')}` }).waitFor();
    await expect.poll(() => welcome().count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => search().evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    const folders = await (await fetch(`${serve.url}api/foldersList`, { method: 'POST', headers: { Authorization: `Bearer ${serve.token}` } })).json();
    expect(folders.map((f: { path: string }) => f.path)).toEqual([join(home, 'Pictures')]);
  });

  it('finds the new photos and previews one, still without the mouse', async () => {
    // Indexing runs in the background: search until the photo is in.
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Control+A');
          await page.keyboard.type('000000000790');
          await page.keyboard.press('Enter');
          await resultsFor(page, 'text:000000000790').waitFor();
          return page.getByRole('gridcell', { name: '000000000790.jpg' }).count();
        },
        { timeout: 120_000, interval: 1000 },
      )
      .toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Preview of 000000000790.jpg' }).waitFor();
    await screenshot(page, 'first-run-results');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => search().evaluate((el) => el === document.activeElement)).toBe(true);
  });
});

describe('removing the model', () => {
  it('removes the pack, its vectors and index files from the Models sheet', async () => {
    await expect.poll(async () => (await (await fetch(`${serve.url}api/status`, { method: 'POST', headers: { Authorization: `Bearer ${serve.token}` } })).json()).progress.queued, { timeout: 120_000 }).toBe(0);
    await page.getByRole('button', { name: 'Models' }).click();
    const sheet = page.getByRole('dialog', { name: 'Models' });
    await sheet.getByRole('button', { name: 'Remove tiny-clip-immich' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed tiny-clip-immich' }).waitFor({ timeout: 60_000 });
    await page.getByText('No model installed: keyword search on file names and document text still works.').waitFor();
    expect(existsSync(join(data, 'models', 'tiny-clip-immich'))).toBe(false);
    expect(readdirSync(join(data, 'indexes')).filter((n) => n.startsWith('tiny-clip-immich'))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('explains a keyword-only match by its file name, with no heatmap, and says image search needs a model', async () => {
    await search().fill('IMG_5195');
    await search().press('Enter');
    await resultsFor(page, 'text:IMG_5195').waitFor();
    await page.getByRole('gridcell', { name: 'IMG_5195.HEIC' }).dblclick();
    const preview = page.getByRole('complementary', { name: 'Preview of IMG_5195.HEIC' });
    const why = preview.getByRole('region', { name: 'Why it matched' });
    await why.waitFor();
    expect(await why.getAttribute('data-matched-by')).toBe('keyword');
    expect(await why.textContent()).toContain('The file name contains “img”, “5195”.');
    expect(await why.textContent()).toContain('there is no heatmap to draw');
    expect(await preview.getByRole('button', { name: 'Explain match' }).count()).toBe(0);
    await screenshot(page, 'why-keyword-only');
    // aria-disabled, not disabled: it stays focusable and says why it cannot run.
    await preview.getByRole('button', { name: 'Find similar' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Finding photos by image needs a model' }).waitFor();
    // Still the text results, not a full-page failure.
    expect(await page.getByRole('heading', { name: 'The search failed' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('home without a model: no example chips that cannot work, a way to set one up', async () => {
    await search().fill('');
    await page.getByText('Describe what you are looking for').waitFor();
    await page.getByRole('note').getByRole('button', { name: 'Set up a model' }).waitFor();
    expect(await page.getByRole('group', { name: 'Example searches' }).count()).toBe(0);
    await screenshot(page, 'home-no-model');
  });

  it('logged no page errors besides the refused requests it provoked (4xx, and 502 for the offline download)', () => {
    expect(errors.filter((e) => !/status of (4\d\d|502)/.test(e))).toEqual([]);
  });
});
