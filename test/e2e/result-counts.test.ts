// Counters that agree, and documents shown by their own titles (issue 19), in Chromium against a
// real `glimpse serve` (tiny fixture pack): a library where one word matches more photos than one
// page holds (260 generated photos named holiday-NNN.png), documents that hold it in their text,
// and recipes with front-matter titles. The summary's total, the Photos and Documents column
// counts and the "weaker matches" count describe the same result set: the columns add up to the
// summary (before and after the weaker matches are shown), and the Photos count is every match,
// not the 100 loaded. Results and the preview show "Oatmeal Pancakes", with oatmeal-pancakes.md as
// the secondary text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { cli, EVAL, launchBrowser, openPage, removeDir, resultsFor, screenshot, startServe, tempDir, TINY_PACK, type Serve } from './helpers/harness';

const PHOTOS = 260;
const NOTES = 40;
let dir: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

const search = () => page.getByRole('combobox', { name: 'Search photos and documents' });
const summaryNumber = async (): Promise<number> => {
  const text = (await page.getByRole('status').filter({ hasText: /results? ·/ }).textContent()) ?? '';
  return Number(text.match(/^([\d,.\s\u202f\u00a0]+) results?/)![1]!.replace(/[^\d]/g, ''));
};
const columnCount = async (name: 'Photo results' | 'Document results'): Promise<number | null> => {
  const col = page.getByRole('region', { name });
  if ((await col.count()) === 0) return null;
  return Number(await col.locator('.col-header .count').getAttribute('data-count'));
};
const headerText = (name: 'Photo results' | 'Document results') => page.getByRole('region', { name }).locator('.col-header .count').textContent();

async function query(q: string): Promise<void> {
  await search().fill(q);
  await search().press('Enter');
  await resultsFor(page, `text:${q}`).waitFor();
}

async function buildLibrary(root: string): Promise<void> {
  const photos = join(root, 'photos');
  const notes = join(root, 'notes');
  const recipes = join(root, 'recipes');
  for (const d of [photos, notes, recipes]) mkdirSync(d, { recursive: true });
  for (let i = 0; i < PHOTOS; i++) {
    const rgb = { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 };
    await sharp({ create: { width: 24, height: 24, channels: 3, background: rgb } })
      .png()
      .toFile(join(photos, `holiday-${String(i).padStart(3, '0')}.png`));
  }
  for (let i = 0; i < NOTES; i++) {
    writeFileSync(join(notes, `note-${i}.md`), `---\ntitle: "Trip note ${i}"\n---\n\nPacking list for the holiday number ${i}: sunscreen, towels, a book.\n`);
  }
  for (const f of ['oatmeal-pancakes.md', 'apple-pie.md', 'banana-bread.md']) copyFileSync(join(EVAL, 'recipes-based-cooking', 'docs', f), join(recipes, f));
}

beforeAll(async () => {
  dir = tempDir('counts');
  const lib = join(dir, 'library');
  await buildLibrary(lib);
  const data = join(dir, 'data');
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  await cli(['--data-dir', data, '--json', 'index', join(lib, 'photos'), join(lib, 'notes'), join(lib, 'recipes')]);
  serve = await startServe(data, ['--no-index']);
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, serve.openUrl));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('result counters and titles', () => {
  it('shows one set of numbers: the columns add up to the total, over every page', async () => {
    await query('holiday');
    const total = await summaryNumber();
    const photos = await columnCount('Photo results');
    const docs = await columnCount('Document results');
    // Every photo and note holds the word; the counts cover all pages, not the 100 loaded.
    expect(photos).toBeGreaterThanOrEqual(PHOTOS);
    expect(docs).toBeGreaterThanOrEqual(NOTES);
    expect(total).toBe(photos! + docs!);
    expect(await headerText('Photo results')).not.toContain('+');
    expect(await page.getByRole('grid', { name: 'Photos' }).getByRole('gridcell').count()).toBeLessThan(photos!);
    // The engine's answer for the same search says the same.
    const api = (await page.evaluate(async (token) => {
      const r = await fetch('/api/search', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: 'holiday', pageSize: 100 }) });
      return r.json();
    }, serve.token)) as { total: number; belowCutoff: number; counts: { image: number; document: number } };
    expect(api.total).toBe(total);
    expect(api.counts).toEqual({ image: photos, document: docs });
    await screenshot(page, 'result-counts');
  });

  it('adds the weaker matches to the total and the columns when they are shown', async () => {
    // Queries matched by meaning only (random tiny pack): vector hits, some below the cut-off.
    let folds = 0;
    for (const q of ['zebra crossing', 'apple pie', 'a red car at night', 'mountain lake']) {
      await query(q);
      const total = await summaryNumber();
      const sum = ((await columnCount('Photo results')) ?? 0) + ((await columnCount('Document results')) ?? 0);
      expect(sum, q).toBe(total);
      const more = page.getByRole('button', { name: /^Show [\d,]+ weak(er)? match/ });
      if ((await more.count()) === 0) continue;
      const folded = Number(((await more.first().textContent()) ?? '').replace(/[^\d]/g, ''));
      expect(folded).toBeGreaterThan(0);
      await more.first().click();
      await expect.poll(summaryNumber).toBe(total + folded);
      const after = ((await columnCount('Photo results')) ?? 0) + ((await columnCount('Document results')) ?? 0);
      expect(after, q).toBe(total + folded);
      folds++;
      break;
    }
    expect(folds).toBe(1);
  });

  it('names documents by their own title, with the file name as secondary text', async () => {
    await query('oatmeal pancakes');
    const option = page.getByRole('listbox', { name: 'Documents' }).getByRole('option').first();
    await expect.poll(() => option.locator('.doc-title .name').textContent()).toBe('Oatmeal Pancakes');
    expect(await option.locator('.doc-path').textContent()).toContain('oatmeal-pancakes.md');
    await option.click();
    await option.press('Enter');
    const preview = page.getByRole('complementary', { name: 'Preview of Oatmeal Pancakes' });
    await preview.waitFor();
    expect(await preview.getByRole('heading', { level: 2 }).textContent()).toBe('Oatmeal Pancakes');
    expect(await preview.locator('dl.meta').textContent()).toContain('oatmeal-pancakes.md');
    await screenshot(page, 'document-title');
    expect(errors).toEqual([]);
  });
});
