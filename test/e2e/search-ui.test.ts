// The search UI in Chromium against the real `glimpse serve` over an indexed library (tiny fixture
// pack, so ranking is by keywords and exact image matches): query -> results, keyboard navigation,
// filters, right-click -> find related text, drop an image -> similar images, preview + explain.
// Screenshots of the main screens go to test-artifacts/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildLibrary, cli, launchBrowser, openPage, removeDir, resultsFor, ROOT, screenshot, startServe, tempDir, TINY_PACK, type LibraryLayout, type Serve } from './helpers/harness';
import { measureQueries, summarize } from './helpers/latency';

let dir: string;
let lib: LibraryLayout;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

const search = () => page.getByRole('combobox', { name: 'Search photos and documents' });
const photoCells = () => page.getByRole('grid', { name: 'Photos' }).getByRole('gridcell');
const docOptions = () => page.getByRole('listbox', { name: 'Documents' }).getByRole('option');

/** Types a query and presses Enter (Enter also leaves an image search when the text is unchanged). */
async function query(q: string): Promise<void> {
  await search().fill(q);
  await search().press('Enter');
  await resultsFor(page, `text:${q}`).waitFor();
}

beforeAll(async () => {
  dir = tempDir('search');
  lib = buildLibrary(join(dir, 'library'));
  const data = join(dir, 'data');
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  await cli(['--data-dir', data, '--json', 'index', lib.photos, lib.recipes, lib.broken]);
  serve = await startServe(data, ['--no-index']);
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, serve.openUrl));
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('search in the browser UI', () => {
  it('keeps the token out of the address bar', async () => {
    await expect.poll(() => page.url()).not.toContain('token');
    expect(await page.evaluate(() => sessionStorage.getItem('glimpse.token'))).toBe(serve.token);
  });

  it('shows image and document results for a typed query', async () => {
    await page.getByText('Describe what you are looking for').waitFor();
    await screenshot(page, 'home');
    await query('apple pie');
    await expect.poll(() => photoCells().count()).toBeGreaterThan(0);
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).waitFor();
    // Named by its front-matter title, the file name as secondary text (issue 19).
    await page.getByRole('option', { name: /^Apple Pie\b.*apple-pie\.md/ }).waitFor();
    // The thumbnail really loads through /media with the token.
    const thumb = page.getByRole('gridcell', { name: 'apple-pie.webp' }).locator('img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole('status').filter({ hasText: /results? ·/ }).textContent()).toMatch(/\d+ results? · \d+ ms/);
    // The result panes fill the window down to its bottom edge (they scroll inside, the page does not).
    for (const pane of [page.getByRole('grid', { name: 'Photos' }), page.getByRole('listbox', { name: 'Documents' })]) {
      const box = (await pane.boundingBox())!;
      expect(box.y + box.height).toBeGreaterThan(795);
      expect(box.y + box.height).toBeLessThanOrEqual(801);
    }
    await screenshot(page, 'results');
  });

  it('folds results below the relevance cut-off under "more"', async () => {
    await query('apple pie');
    const before = await photoCells().count();
    const more = page.getByRole('button', { name: /^Show \d+ weaker match/ });
    await more.click();
    await expect.poll(() => photoCells().count()).toBeGreaterThan(before);
    await expect.poll(() => page.locator('.tile.weak').count()).toBeGreaterThan(0);
    await screenshot(page, 'weaker-matches');
    // The fold sits after the last result: scrolling loads the remaining pages until it shows.
    const grid = page.getByRole('grid', { name: 'Photos' });
    const hide = page.getByRole('button', { name: 'Hide weaker matches' });
    await expect
      .poll(async () => {
        await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        return hide.count();
      })
      .toBe(1);
    await hide.click();
    await expect.poll(() => photoCells().count()).toBe(before);
  });

  it('is driven from the keyboard: /, arrows, Enter, Esc, recent queries', async () => {
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.keyboard.press('/');
    await expect.poll(() => search().evaluate((el) => el === document.activeElement)).toBe(true);
    await search().fill('cake');
    await search().press('Enter');
    await resultsFor(page, 'text:cake').waitFor();
    await search().press('ArrowDown');
    const grid = page.getByRole('grid', { name: 'Photos' });
    await expect.poll(() => grid.evaluate((el) => el === document.activeElement)).toBe(true);
    const first = await photoCells().first().getAttribute('aria-label');
    expect(await photoCells().first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await photoCells().nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    const preview = page.getByRole('complementary', { name: `Preview of ${first}` });
    await preview.waitFor();
    await page.keyboard.press('ArrowRight');
    const second = await photoCells().nth(1).getAttribute('aria-label');
    await page.getByRole('complementary', { name: `Preview of ${second}` }).waitFor();
    await screenshot(page, 'preview');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => search().evaluate((el) => el === document.activeElement)).toBe(true);
    // Recent queries: clear, open the list, pick "cake" with the arrows.
    // One Esc per step: the field (focused by the previous Esc, which opens the recent list) is cleared.
    await search().press('Escape');
    expect(await search().inputValue()).toBe('');
    const recent = page.getByRole('listbox', { name: 'Recent searches' });
    if (!(await recent.isVisible())) await search().press('ArrowDown');
    await recent.getByRole('option', { name: 'cake' }).waitFor();
    await search().press('ArrowDown');
    expect(await recent.getByRole('option', { selected: true }).textContent()).toContain('cake');
    await search().press('Enter');
    expect(await search().inputValue()).toBe('cake');
    await resultsFor(page, 'text:cake').waitFor();
  });

  it('filters by kind, folder and date, and clears them', async () => {
    await query('apple');
    expect(await photoCells().count()).toBeGreaterThan(0);
    expect(await docOptions().count()).toBeGreaterThan(0);
    await page.getByRole('radio', { name: 'Documents' }).click();
    await expect.poll(() => page.getByRole('grid', { name: 'Photos' }).count()).toBe(0);
    await expect.poll(() => docOptions().count()).toBeGreaterThan(0);
    await page.getByRole('radio', { name: 'Photos' }).click();
    await expect.poll(() => page.getByRole('listbox', { name: 'Documents' }).count()).toBe(0);
    await expect.poll(() => photoCells().count()).toBeGreaterThan(0);
    await page.getByRole('radio', { name: 'All' }).click();
    // Folder: only the recipes folder -> documents only.
    await page.getByLabel('Folder').selectOption(lib.recipes);
    await expect.poll(() => page.getByRole('grid', { name: 'Photos' }).count()).toBe(0);
    await expect.poll(() => docOptions().count()).toBeGreaterThan(0);
    for (const name of await docOptions().evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))) expect(name.startsWith(lib.recipes)).toBe(true);
    await page.getByLabel('Folder').selectOption('');
    // A date range nothing falls in -> the empty state offers to clear the filters.
    await page.getByLabel('Taken on or after').fill('2099-01-01');
    await page.getByRole('heading', { name: 'No results' }).waitFor();
    await screenshot(page, 'no-results-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => photoCells().count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Taken on or after').inputValue()).toBe('');
    await page.getByLabel('Sort').selectOption('date');
    await resultsFor(page, 'text:apple').waitFor();
    await page.getByLabel('Sort').selectOption('relevance');
  });

  it('right-click on a photo -> Find related text lists document passages', async () => {
    await query('apple pie');
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for apple-pie.webp' });
    await menu.waitFor();
    for (const item of ['Find similar', 'Find related text', 'Explain match', 'Copy path']) await menu.getByRole('menuitem', { name: item }).waitFor();
    await screenshot(page, 'context-menu');
    await menu.getByRole('menuitem', { name: 'Find related text' }).click();
    await resultsFor(page, 'related').waitFor();
    await page.getByText('Text related to').waitFor();
    const passages = page.getByRole('listbox', { name: 'Related passages' }).getByRole('option');
    await expect.poll(() => passages.count()).toBeGreaterThan(0);
    expect(await passages.first().getAttribute('title')).toContain(lib.recipes);
    await screenshot(page, 'related-text');
    await page.getByRole('button', { name: 'Back to text search' }).click();
    await resultsFor(page, 'text:apple pie').waitFor();
  });

  it('drop an image file anywhere -> similar images, the same photo first', async () => {
    const name = '000000000790.jpg';
    const b64 = readFileSync(join(lib.photos, name)).toString('base64');
    const dataTransfer = await page.evaluateHandle(
      ({ b64, name }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'image/jpeg' }));
        return dt;
      },
      { b64, name },
    );
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await page.getByText('Drop an image to find similar photos').waitFor();
    await screenshot(page, 'drop-overlay');
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await resultsFor(page, 'similar').waitFor();
    await page.getByText(`Similar to ${name}`).waitFor();
    // Random fixture weights: only the identical photo is a meaningful match, and it must come first.
    // Poll: the previous (text) results may still be on screen for a moment while the similar ones load.
    await expect.poll(() => photoCells().first().getAttribute('aria-label'), { timeout: 30_000 }).toBe(name);
    await screenshot(page, 'similar-by-drop');
  });

  it('paste an image -> similar images, even right after typing', async () => {
    await query('cake');
    // A keystroke search still waiting for its debounce must not replace the image search.
    await search().fill('bread');
    const name = 'apple-pie.webp';
    const b64 = readFileSync(join(lib.photos, name)).toString('base64');
    await page.evaluate(
      ({ b64, name }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'image/webp' }));
        document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
      },
      { b64, name },
    );
    await resultsFor(page, 'similar').waitFor();
    await page.getByText(`Similar to ${name}`).waitFor();
    await page.waitForTimeout(400);
    expect(await resultsFor(page, 'similar').count()).toBe(1);
    await expect.poll(() => photoCells().first().getAttribute('aria-label'), { timeout: 30_000 }).toBe(name);
  });

  it('refuses a dropped file that is not an image, with a message', async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
      return dt;
    });
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await page.getByRole('alert').filter({ hasText: 'notes.txt is not an image' }).waitFor();
  });

  it('Find similar from the menu, then the preview explains the match with an adjustable heatmap', async () => {
    await query('apple pie');
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Find similar' }).click();
    await resultsFor(page, 'similar').waitFor();
    await page.getByText('Similar to apple-pie.webp').waitFor();
    await screenshot(page, 'similar-by-menu');

    // A visual match (the similar-image search) has a heatmap; a keyword-only hit would not (see keyboard-layout.test.ts).
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).first().dblclick();
    const preview = page.getByRole('complementary', { name: 'Preview of apple-pie.webp' });
    await preview.waitFor();
    await preview.getByRole('button', { name: 'Explain match' }).click();
    const heat = preview.getByRole('img', { name: 'Explanation heatmap' });
    await heat.waitFor({ timeout: 60_000 });
    await expect.poll(() => heat.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const slider = preview.getByRole('slider', { name: 'Heatmap opacity' });
    await slider.fill('0.2');
    expect(await heat.evaluate((el) => getComputedStyle(el).opacity)).toBe('0.2');
    await screenshot(page, 'explain-heatmap');
    await preview.getByRole('button', { name: 'Close preview' }).click();
  });

  it('renders the dark theme from the OS setting', async () => {
    const dark = await openPage(browser, serve.openUrl, { colorScheme: 'dark' });
    await dark.page.getByRole('combobox', { name: 'Search photos and documents' }).fill('apple pie');
    await resultsFor(dark.page, 'text:apple pie').waitFor();
    const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(18, 18, 21)');
    await screenshot(dark.page, 'results-dark');
    await dark.page.context().close();
  });

  it('measures keystroke -> first results painted', async () => {
    const words = ['apple', 'pie', 'cake', 'soup', 'garlic', 'chicken', 'banana', 'salad', 'bread', 'beef', 'pasta', 'sauce'];
    const samples = await measureQueries(page, words);
    const summary = summarize(samples);
    const status = await (await fetch(`${serve.url}api/status`, { method: 'POST', headers: { Authorization: `Bearer ${serve.token}` } })).json();
    const out = { scenario: 'e2e library (tiny fixture pack)', indexedItems: status.files.indexed, debounceMs: 120, ...summary, samplesDetail: samples };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'ui-latency-e2e.json'), JSON.stringify(out, null, 2) + '\n');
    console.log(`keystroke -> results painted over ${summary.samples} queries, ${status.files.indexed} items: p50 ${summary.p50Ms} ms, p90 ${summary.p90Ms} ms (API p50 ${summary.apiP50Ms} ms)`);
    // Debounce (120 ms) + a local round trip: anything near a second would be a regression.
    expect(summary.p50Ms).toBeGreaterThan(100);
    expect(summary.p50Ms).toBeLessThan(1000);
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
