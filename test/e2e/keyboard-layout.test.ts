// The desktop-app qualities of the browser UI against a real `glimpse serve` over an indexed library
// (tiny fixture pack): HEIC/HEIF previews, focus trapped in sheets, one Esc = one step, Tab reaching
// the preview's buttons, the Open shortcut, "why it matched" without a misleading heatmap, every
// control reachable at 800x600, and axe-core (no serious/critical violations) light and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildLibrary, cli, EVAL, launchBrowser, openPage, removeDir, resultsFor, screenshot, startServe, tempDir, TINY_PACK, type LibraryLayout, type Serve } from './helpers/harness';
import { seriousViolations } from './helpers/axe';

let dir: string;
let lib: LibraryLayout;
let heicDir: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

const HEIC = ['IMG_5195.HEIC', 'pillow_hopper.heif', 'samplefilehub.heif'];
const search = () => page.getByRole('combobox', { name: 'Search photos and documents' });
const focusedInside = (sel: string) => page.evaluate((s) => Boolean(document.activeElement?.closest(s)), sel);

async function query(q: string, p: Page = page): Promise<void> {
  const box = p.getByRole('combobox', { name: 'Search photos and documents' });
  await box.fill(q);
  await box.press('Enter');
  await resultsFor(p, `text:${q}`).waitFor();
}

async function api<T>(call: string, body: unknown): Promise<T> {
  const res = await fetch(`${serve.url}api/${call}`, { method: 'POST', headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${call}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Hit = { id: number; name: string; kind: string; matchedBy: string[] };

beforeAll(async () => {
  dir = tempDir('keyboard');
  lib = buildLibrary(join(dir, 'library'));
  heicDir = join(dir, 'library', 'iphone');
  mkdirSync(heicDir);
  for (const f of HEIC) copyFileSync(join(EVAL, 'robustness', 'heic_heif_avif', f), join(heicDir, f));
  // A photo of a receipt: found by the text read from it (OCR runs while `glimpse index` indexes).
  const receipt = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="400"><rect width="100%" height="100%" fill="#fdfdf5"/><text x="60" y="150" font-family="DejaVu Sans, sans-serif" font-size="64" fill="#111">SUNFLOWER BAKERY</text><text x="60" y="280" font-family="DejaVu Sans, sans-serif" font-size="48" fill="#333">Invoice 4711 total 23.50</text></svg>`;
  await sharp(Buffer.from(receipt)).jpeg({ quality: 90 }).toFile(join(heicDir, 'shop-receipt.jpg'));
  const data = join(dir, 'data');
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  await cli(['--data-dir', data, '--json', 'index', lib.photos, lib.recipes, lib.broken, heicDir]);
  serve = await startServe(data, ['--no-index']);
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, serve.openUrl));
  await page.getByText('Describe what you are looking for').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) removeDir(dir);
});

describe('previews', () => {
  it('renders HEIC/HEIF previews (the preview route answers 200 with a WebP)', async () => {
    for (const name of HEIC) {
      const stem = name.replace(/\.[^.]+$/, '');
      const hit = (await api<{ results: Hit[] }>('search', { query: stem, filters: { type: 'image' } })).results.find((h) => h.name === name);
      expect(hit, name).toBeDefined();
      const res = await fetch(`${serve.url}media/preview/${hit!.id}?token=${serve.token}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
    await query('IMG_5195');
    await page.getByRole('gridcell', { name: 'IMG_5195.HEIC' }).dblclick();
    const img = page.getByRole('complementary', { name: 'Preview of IMG_5195.HEIC' }).getByRole('img', { name: 'IMG_5195.HEIC' });
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    // Portrait iPhone photo, 2566x3313 -> at most 1600 px high, upright.
    const size = await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
    expect(size[1]).toBe(1600);
    expect(size[0]).toBeLessThan(size[1]!);
    await screenshot(page, 'preview-heic');
    await page.keyboard.press('Escape');
  });
});

describe('keyboard', () => {
  it('Tab reaches the photo preview buttons while photos and documents are both listed', async () => {
    await query('apple pie');
    await page.getByRole('listbox', { name: 'Documents' }).waitFor();
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).click();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('complementary', { name: 'Preview of apple-pie.webp' });
    await preview.waitFor();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Find similar' && Boolean(document.activeElement.closest('.preview-pane')));
    }
    expect(reached).toBe(true);
    // Passing the document list on the way did not replace the photo's preview.
    expect(await preview.count()).toBe(1);
  });

  it('Esc steps: the first closes the preview only, the next goes to the search field', async () => {
    const grid = page.getByRole('grid', { name: 'Photos' });
    await grid.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: /^Preview of / }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    expect(await grid.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => search().evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('Ctrl+Enter opens the selected file (the original, in a new tab in browser mode)', async () => {
    await page.getByRole('grid', { name: 'Photos' }).focus();
    const selected = await page.getByRole('gridcell', { selected: true }).getAttribute('aria-label');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Control+Enter')]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/\/media\/original\/\d+\?token=/);
    expect(selected).toBeTruthy();
    await tab.close();
  });

  it('"?" lists the keyboard shortcuts in a sheet that Esc closes', async () => {
    await page.getByRole('grid', { name: 'Photos' }).focus();
    await page.keyboard.press('Shift+?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.getByText('Open the file').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
  });

  for (const sheet of ['Library', 'Models'] as const) {
    it(`traps focus in the ${sheet} sheet; Esc closes the sheet and nothing else`, async () => {
      await page.getByRole('grid', { name: 'Photos' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('complementary', { name: /^Preview of / }).waitFor();
      await page.getByRole('button', { name: new RegExp(`^${sheet}`) }).click();
      const dialog = page.getByRole('dialog', { name: sheet });
      await dialog.waitFor();
      expect(await dialog.getAttribute('aria-modal')).toBe('true');
      expect(await focusedInside('[role=dialog]')).toBe(true);
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
        expect(await focusedInside('[role=dialog]'), `Tab #${i + 1}`).toBe(true);
      }
      // Focus pulled out by a script comes back; Esc still closes the sheet.
      await search().evaluate((el: HTMLInputElement) => el.focus());
      expect(await focusedInside('[role=dialog]')).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await page.getByRole('complementary', { name: /^Preview of / }).count()).toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    });
  }
});

describe('why it matched', () => {
  it('names each reason of a match: the file name for a keyword hit, the model for a vector one', async () => {
    // In this small library every photo is within the vector search's reach, so apple-pie.webp is
    // matched by both; keyword-only matches (no heatmap at all) are checked without a model in first-run.test.ts.
    await query('apple pie');
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).dblclick();
    const preview = page.getByRole('complementary', { name: 'Preview of apple-pie.webp' });
    const why = preview.getByRole('region', { name: 'Why it matched' });
    await why.waitFor();
    const matchedBy = (await why.getAttribute('data-matched-by'))!.split(' ');
    expect(matchedBy).toContain('keyword');
    expect(await why.textContent()).toContain('The file name contains “apple”, “pie”.');
    if (matchedBy.includes('vector')) {
      expect(await why.textContent()).toContain('The model sees “apple pie” in the picture.');
      await preview.getByRole('button', { name: 'Explain match' }).waitFor();
    } else {
      expect(await preview.getByRole('button', { name: 'Explain match' }).count()).toBe(0);
    }
    await screenshot(page, 'why-it-matched');
    await page.keyboard.press('Escape');
  });

  it('quotes and outlines the text read from the image when that is what matched', async () => {
    await query('sunflower');
    await page.getByRole('gridcell', { name: 'shop-receipt.jpg' }).dblclick();
    const preview = page.getByRole('complementary', { name: 'Preview of shop-receipt.jpg' });
    const why = preview.getByRole('region', { name: 'Why it matched' });
    await why.getByText('Text read from the image: “SUNFLOWER BAKERY” (outlined).').waitFor();
    const boxes = preview.getByRole('img', { name: 'Where the text was read: 1 line' });
    await boxes.waitFor();
    // The outline sits over the words: the SVG spans the picture, its polygon the first line.
    const poly = (await boxes.locator('polygon').boundingBox())!;
    const pic = (await preview.getByRole('img', { name: 'shop-receipt.jpg' }).boundingBox())!;
    expect(poly.x).toBeGreaterThan(pic.x);
    expect(poly.y).toBeGreaterThan(pic.y);
    expect(poly.y + poly.height).toBeLessThan(pic.y + pic.height / 2);
    await screenshot(page, 'why-text-in-image');
    await page.keyboard.press('Escape');
  });

  it('offers the heatmap for a visual match (find similar) and says why', async () => {
    const hit = (await api<{ results: Hit[] }>('search', { query: 'apple-pie', filters: { type: 'image' } })).results.find((h) => h.name === 'apple-pie.webp')!;
    const sim = await api<{ results: Hit[] }>('similar', { image: { fileId: hit.id } });
    expect(sim.results[0]!.matchedBy).toContain('vector');
    await query('apple pie');
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Find similar' }).click();
    await resultsFor(page, 'similar').waitFor();
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).first().dblclick();
    const preview = page.getByRole('complementary', { name: 'Preview of apple-pie.webp' });
    await preview.getByRole('region', { name: 'Why it matched' }).getByText(/near-duplicate|alike/).first().waitFor();
    await preview.getByRole('button', { name: 'Explain match' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Back to text search' }).click();
  });
});

describe('results', () => {
  it('related passages sit below their heading; similar images have no kind filter; the preview offers Download in a browser', async () => {
    await query('apple pie');
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Find related text' }).click();
    await resultsFor(page, 'related').waitFor();
    const heading = (await page.getByRole('heading', { name: /^Related passages/ }).boundingBox())!;
    const first = (await page.getByRole('listbox', { name: 'Related passages' }).getByRole('option').first().boundingBox())!;
    expect(first.y).toBeGreaterThanOrEqual(heading.y + heading.height);
    await page.getByRole('button', { name: 'Back to text search' }).click();
    await resultsFor(page, 'text:apple pie').waitFor();
    await page.getByRole('gridcell', { name: 'apple-pie.webp' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Find similar' }).click();
    await resultsFor(page, 'similar').waitFor();
    expect(await page.getByRole('radiogroup', { name: 'Kind' }).count()).toBe(0);
    await page.getByRole('gridcell').first().dblclick();
    const download = page.getByRole('complementary', { name: /^Preview of / }).getByRole('link', { name: 'Download' });
    expect(await download.getAttribute('href')).toMatch(/^media\/original\/\d+\?token=/);
    expect(await download.getAttribute('download')).toBeTruthy();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Back to text search' }).click();
  });
});

describe('search by image', () => {
  it('"Search by image…" picks a file and finds similar photos, the same photo first', async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Search by image…' }).click()]);
    await chooser.setFiles(join(lib.photos, '000000000790.jpg'));
    await resultsFor(page, 'similar').waitFor();
    await page.getByText('Similar to 000000000790.jpg').waitFor();
    await expect.poll(() => page.getByRole('gridcell').first().getAttribute('aria-label'), { timeout: 30_000 }).toBe('000000000790.jpg');
    await screenshot(page, 'search-by-image-picker');
    await page.getByRole('button', { name: 'Back to text search' }).click();
  });
});

describe('narrow window (800x600)', () => {
  it('keeps every control reachable and never scrolls sideways', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await query('apple');
    const noSideways = () => page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.scrollX, document.documentElement.scrollLeft]);
    const inView = async (name: string, loc: ReturnType<Page['getByRole']>, scroll = false) => {
      // Inside a pane that scrolls (the preview), reachable = visible once scrolled to; the window itself must not need it.
      if (scroll) await loc.scrollIntoViewIfNeeded();
      const box = await loc.boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x, name).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(800);
      expect(box!.y + box!.height, name).toBeLessThanOrEqual(600);
    };
    await inView('Models', page.getByRole('button', { name: 'Models' }));
    await inView('Library', page.getByRole('button', { name: /^Library/ }));
    await inView('Search by image', page.getByRole('button', { name: 'Search by image…' }));
    await inView('From', page.getByLabel('Taken on or after'));
    await inView('To', page.getByLabel('Taken on or before'));
    await inView('Sort', page.getByLabel('Sort'));
    await inView('Photos', page.getByRole('grid', { name: 'Photos' }));
    await inView('Documents', page.getByRole('listbox', { name: 'Documents' }));
    const [sw, bw] = await noSideways();
    expect(sw).toBeLessThanOrEqual(800);
    expect(bw).toBeLessThanOrEqual(800);
    await screenshot(page, 'narrow-800-results');

    await page.getByRole('gridcell').first().dblclick();
    const preview = page.getByRole('complementary', { name: /^Preview of / });
    await inView('Close preview', preview.getByRole('button', { name: 'Close preview' }));
    await inView('Find similar', preview.getByRole('button', { name: 'Find similar' }), true);
    await inView('Copy path', preview.getByRole('button', { name: 'Copy path' }), true);
    await screenshot(page, 'narrow-800-preview');
    await page.keyboard.press('Escape');

    for (const sheet of ['Library', 'Models']) {
      await page.getByRole('button', { name: new RegExp(`^${sheet}`) }).click();
      const dialog = page.getByRole('dialog', { name: sheet });
      await dialog.waitFor();
      await inView(`${sheet} close`, dialog.getByRole('button', { name: `Close ${sheet.toLowerCase()}` }));
      expect(await noSideways()).toEqual([800, 800, 0, 0]);
      await screenshot(page, `narrow-800-${sheet.toLowerCase()}`);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe('accessibility', () => {
  it('has an h1 and a Library button whose name includes its problem count', async () => {
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await page.getByRole('button', { name: /^Library, 2 problems$/ }).waitFor();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`axe-core: no serious or critical violations on home, results, preview, Library and Models (${scheme})`, async () => {
      const { page: p } = await openPage(browser, serve.openUrl, { colorScheme: scheme });
      const found: Record<string, string[]> = {};
      await p.getByText('Describe what you are looking for').waitFor();
      found.home = await seriousViolations(p);
      await query('apple', p);
      await p.getByRole('button', { name: /^Show \d+ weaker/ }).click();
      await p.locator('.tile.weak').first().waitFor();
      found.results = await seriousViolations(p);
      await p.getByRole('gridcell').first().dblclick();
      await p.getByRole('complementary', { name: /^Preview of / }).getByRole('img').first().waitFor();
      found.preview = await seriousViolations(p);
      await p.keyboard.press('Escape');
      for (const sheet of ['Library', 'Models']) {
        await p.getByRole('button', { name: new RegExp(`^${sheet}`) }).click();
        await p.getByRole('dialog', { name: sheet }).waitFor();
        if (sheet === 'Models') await p.getByRole('list', { name: 'Model packs' }).waitFor();
        found[sheet] = await seriousViolations(p);
        await screenshot(p, `a11y-${sheet.toLowerCase()}-${scheme}`);
        await p.keyboard.press('Escape');
      }
      await p.context().close();
      expect(found).toEqual({ home: [], results: [], preview: [], Library: [], Models: [] });
    });
  }

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
