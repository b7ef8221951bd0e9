// Documents first-class and background work visible, in the browser against a real `glimpse serve`:
// the text-in-images pass shown in the top bar after indexing; the Problems list's Retry / Open /
// Ignore (ignored: hidden, not counted on the Library button, shown again on request); a PDF hit's
// preview with the page image, the passage between the text around it, and Previous/Next match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './helpers/axe';
import { cli, EVAL, launchBrowser, openPage, removeDir, resultsFor, screenshot, startServe, tempDir, TINY_PACK, type Serve } from './helpers/harness';

let dir: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  dir = tempDir('docs-bg');
  const data = join(dir, 'data');
  const docs = join(dir, 'docs');
  const broken = join(dir, 'broken');
  const photos = join(dir, 'photos');
  for (const d of [docs, broken, photos]) mkdirSync(d);
  copyFileSync(join(EVAL, 'documents', 'debian-pdfs', 'booktabs.pdf'), join(docs, 'booktabs.pdf'));
  writeFileSync(join(broken, 'not-really.jpg'), 'this is text, not a JPEG\n');
  // Photos for the OCR pass to read after indexing (it takes a while on two cores: long enough to be seen).
  const coco = join(EVAL, 'coco2017-mini80', 'images');
  for (const f of readdirSync(coco).sort().slice(0, 24)) copyFileSync(join(coco, f), join(photos, f));
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  for (const d of [docs, broken, photos]) await cli(['--data-dir', data, 'folders', 'add', d]);
  serve = await startServe(data);
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, serve.openUrl));
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('background work', () => {
  it('shows the text-in-images pass in the top bar after indexing', async () => {
    const reading = page.getByTestId('top-ocr');
    await reading.waitFor({ timeout: 120_000 });
    await expect(page.getByRole('button', { name: /^Library, reading text/ }).count()).resolves.toBe(1);
    await screenshot(page, 'ocr-pass-top-bar');
  });

  it('problems: the Library button counts them; Ignore hides and uncounts one, Show again brings it back; Retry queues it', async () => {
    await page.getByRole('button', { name: /1 problem$/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Library/ }).click();
    const library = page.getByRole('dialog', { name: 'Library' });
    const problems = library.getByRole('list', { name: 'Files that could not be indexed' });
    const row = problems.getByRole('listitem').filter({ hasText: 'not-really.jpg' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Retry not-really.jpg' }).waitFor();
    await row.getByRole('button', { name: 'Open not-really.jpg' }).waitFor(); // browser mode: no folder to reveal in
    await screenshot(page, 'problems-actions');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Ignore the problem with not-really.jpg' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await library.getByText('1 ignored problem').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /problem/ }).filter({ hasText: 'Library' }).count()).toBe(0);
    await expect.poll(async () => (await page.locator('.status-btn').getAttribute('aria-label')) ?? '').not.toMatch(/problem/);
    await screenshot(page, 'problems-ignored');

    await library.getByRole('button', { name: 'Show again' }).click();
    await row.waitFor();
    await row.getByRole('button', { name: 'Retry not-really.jpg' }).click();
    await page.getByRole('status').filter({ hasText: 'not-really.jpg queued again' }).waitFor();
    // Still not a JPEG: it fails again and is listed again.
    await problems.getByRole('listitem').filter({ hasText: 'not-really.jpg' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await library.waitFor({ state: 'detached' });
  });
});

describe('documents', () => {
  it('a PDF hit: announced with its passage; preview with the page image, context and next/previous match', async () => {
    const box = page.getByRole('combobox', { name: 'Search photos and documents' });
    await box.fill('toprule');
    await box.press('Enter');
    await resultsFor(page, 'text:toprule').waitFor({ timeout: 60_000 });
    const rows = page.getByRole('listbox', { name: 'Documents' }).getByRole('option');
    await rows.first().waitFor();
    // The row's accessible name carries the passage and its page, not the file name alone.
    await expect(page.getByRole('listbox', { name: 'Documents' }).getByRole('option', { name: /booktabs\.pdf.*p\. \d+.*toprule/i }).count()).resolves.toBe(1);

    await rows.first().dblclick();
    const pane = page.getByRole('complementary', { name: /^Preview of booktabs/ });
    await pane.waitFor();
    const img = pane.getByRole('img', { name: /^Page \d+ of booktabs/ });
    await img.waitFor({ timeout: 60_000 });
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 60_000 }).toBeGreaterThan(500);
    // The preview opens on the hit's own passage: its page is the row's page badge.
    const rowPage = /p\. (\d+)/.exec((await rows.first().textContent())!)![1];
    const where = pane.getByTestId('doc-position');
    await expect.poll(() => where.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^Match \\d+ of \\d+ · page ${rowPage}$`));
    const [k, n] = /^Match (\d+) of (\d+)/.exec((await where.textContent())!)!.slice(1).map(Number) as [number, number];
    expect(n).toBeGreaterThan(2);
    const passage = pane.locator('blockquote.passage');
    await expect(passage.locator('mark').first().textContent()).resolves.toMatch(/toprule/i);
    await pane.getByLabel(k < n ? 'Text after' : 'Text before').waitFor();
    await screenshot(page, 'document-preview');
    expect(await seriousViolations(page)).toEqual([]);

    // Next match (or previous, on the last one) moves to another passage holding the word, and back.
    const first = await passage.getAttribute('data-passage-id');
    const [there, back, step] = k < n ? (['Next match ›', '‹ Previous match', 1] as const) : (['‹ Previous match', 'Next match ›', -1] as const);
    await pane.getByRole('button', { name: there }).click();
    await expect.poll(() => where.textContent()).toMatch(new RegExp(`^Match ${k + step} of ${n}`));
    expect(await passage.getAttribute('data-passage-id')).not.toBe(first);
    await expect(passage.textContent()).resolves.toMatch(/toprule/i);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: 60_000 }).toBeGreaterThan(500);
    await screenshot(page, 'document-preview-other-match');
    await pane.getByRole('button', { name: back }).click();
    await expect.poll(() => where.textContent()).toMatch(new RegExp(`^Match ${k} of ${n}`));
    expect(await passage.getAttribute('data-passage-id')).toBe(first);
  });

  it('the document preview in dark mode has no serious accessibility problems', async () => {
    const dark = await openPage(browser, serve.openUrl, { colorScheme: 'dark' });
    const box = dark.page.getByRole('combobox', { name: 'Search photos and documents' });
    await box.fill('toprule');
    await box.press('Enter');
    await resultsFor(dark.page, 'text:toprule').waitFor({ timeout: 60_000 });
    await dark.page.getByRole('listbox', { name: 'Documents' }).getByRole('option').first().dblclick();
    const pane = dark.page.getByRole('complementary', { name: /^Preview of booktabs/ });
    await pane.getByTestId('doc-position').waitFor();
    await pane.getByRole('img', { name: /^Page \d+ of booktabs/ }).waitFor({ timeout: 60_000 });
    await screenshot(dark.page, 'document-preview-dark');
    expect(await seriousViolations(dark.page)).toEqual([]);
    await dark.page.context().close();
  });

  it('no page errors', () => {
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
