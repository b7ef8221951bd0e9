// First run and indexing in the browser UI against the real `glimpse serve`: the model chooser and
// the "keyword search still works" state, importing the fixture pack from a folder path, adding
// folders by path, live progress with pause/resume, and the reasons for files that failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { EVAL, launchBrowser, openPage, removeDir, screenshot, startServe, tempDir, TINY_PACK, type Serve } from './helpers/harness';

let dir: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];
let broken: string;
const photos = join(EVAL, 'flickr8k-test1k', 'images');

beforeAll(async () => {
  dir = tempDir('indexing');
  broken = join(dir, 'broken');
  mkdirSync(broken);
  copyFileSync(join(EVAL, 'robustness', 'corrupt', 'pillow_broken.png'), join(broken, 'pillow_broken.png'));
  writeFileSync(join(broken, 'not-really.jpg'), 'this is text, not a JPEG\n');
  serve = await startServe(join(dir, 'data'));
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, serve.openUrl));
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('first run', () => {
  it('offers a model and says keyword search still works', async () => {
    const welcome = page.getByRole('dialog', { name: 'Welcome to Glimpse' });
    await welcome.waitFor();
    await welcome.getByRole('list', { name: 'Model packs' }).waitFor();
    await page.getByText('No model installed: keyword search on file names and document text still works.').waitFor();
    await screenshot(page, 'first-run-models');
  });

  it('imports a model pack from a folder path', async () => {
    const welcome = page.getByRole('dialog', { name: 'Welcome to Glimpse' });
    await welcome.getByLabel('Model folder path').fill('/nonexistent/pack');
    await welcome.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('alert').filter({ hasText: 'Import failed' }).waitFor();
    await welcome.getByLabel('Model folder path').fill(TINY_PACK);
    await welcome.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('status').filter({ hasText: /^Imported / }).waitFor();
    await welcome.getByText('In use').waitFor();
    await welcome.getByRole('button', { name: 'Close welcome to glimpse' }).click();
    await expect.poll(() => page.getByText('No model installed').count()).toBe(0);
  });
});

describe('library and indexing', () => {
  it('adds folders by path, shows live progress, pauses and resumes', async () => {
    await page.getByRole('button', { name: 'Add a folder' }).click();
    const library = page.getByRole('dialog', { name: 'Library' });
    await library.waitFor();
    await library.getByLabel('Folder path').fill('/definitely/not/here');
    await library.getByRole('button', { name: 'Add folder' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not add the folder' }).waitFor();

    await library.getByLabel('Folder path').fill(broken);
    await library.getByRole('button', { name: 'Add folder' }).click();
    await library.getByRole('list', { name: 'Watched folders' }).getByText(broken).waitFor();
    await library.getByLabel('Folder path').fill(photos);
    await library.getByRole('button', { name: 'Add folder' }).click();
    await library.getByRole('list', { name: 'Watched folders' }).getByText(photos).waitFor();

    const bar = library.getByRole('progressbar', { name: 'Indexing progress' });
    // The state word of the progress summary (the section heading also reads "Indexing").
    const summary = (state: string) => library.locator(`.progress-summary[data-state="${state}"]`);
    await summary('indexing').waitFor({ timeout: 60_000 });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    await library.getByText(/files\/s/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /^Library, indexing \d+%/ }).waitFor();
    await screenshot(page, 'library-indexing');

    await library.getByRole('button', { name: 'Pause indexing' }).click();
    await library.getByText('Paused', { exact: true }).waitFor();
    const pausedAt = Number(await bar.getAttribute('aria-valuenow'));
    await page.waitForTimeout(2500);
    // At most the batch in flight when pausing may still land.
    const later = Number(await bar.getAttribute('aria-valuenow'));
    expect(later - pausedAt).toBeLessThan(64);
    await screenshot(page, 'library-paused');
    await library.getByRole('button', { name: 'Resume indexing' }).click();
    // Resumed: no longer paused (it may already be up to date when the last files go fast).
    await library.locator('.progress-summary:not([data-state="paused"])').waitFor();
    await library.getByText('Up to date', { exact: true }).waitFor({ timeout: 240_000 });
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(later);
  });

  it('lists the files that failed, with the reason', async () => {
    const library = page.getByRole('dialog', { name: 'Library' });
    const problems = library.getByRole('list', { name: 'Files that could not be indexed' });
    await problems.waitFor();
    const png = problems.getByRole('listitem').filter({ hasText: 'pillow_broken.png' });
    await png.waitFor();
    expect(await png.textContent()).toMatch(/corrupt/);
    const fake = problems.getByRole('listitem').filter({ hasText: 'not-really.jpg' });
    await fake.waitFor();
    expect(await fake.textContent()).toMatch(/unsupported|corrupt/);
    await page.getByRole('button', { name: /^Library/ }).getByLabel(/problems/).waitFor();
    await screenshot(page, 'library-errors');
    await library.getByRole('button', { name: 'Close library' }).click();
  });

  it('finds the newly indexed photos', async () => {
    await page.getByRole('combobox', { name: 'Search photos and documents' }).fill('1056338697');
    await page.locator('[data-results-for="text:1056338697"]').waitFor();
    await page.getByRole('gridcell', { name: '1056338697_4f7d7ce270.jpg' }).waitFor();
  });

  it('logged no page errors besides the refused requests it provoked', () => {
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
