// Tools of a finder people keep open, in Chromium against a real `glimpse serve` (tiny fixture pack):
// duplicate groups with a suggested keeper (browser mode: download, no trash), multi-select with a
// bulk-action bar (mouse and keyboard), query chips ("-word", "2019", "2019年7月"), a photo + words
// ("+ at night") in Similar mode, and axe-core on these views in light and dark, with a negative
// test proving the axe check catches a known violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { cli, EVAL, launchBrowser, openPage, removeDir, resultsFor, screenshot, startServe, tempDir, TINY_PACK, type Serve } from './helpers/harness';
import { seriousViolations } from './helpers/axe';

let dir: string;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

const COCO = join(EVAL, 'coco2017-mini80', 'images');
const search = () => page.getByRole('combobox', { name: 'Search photos and documents' });
/** Photo tiles (the grid's last row may hold the "weaker matches" button). */
const cells = (p: Page = page) => p.getByRole('grid', { name: 'Photos' }).locator('.tile[role="gridcell"]');
const names = async (p: Page = page) => (await cells(p).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).sort();

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

type Hit = { id: number; name: string; score: number };
type Dupes = { totalGroups: number; totalFiles: number; redundantFiles: number; groups: { keeperId: number; sameBytes: boolean; files: { id: number; name: string; path: string }[] }[] };

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

beforeAll(async () => {
  dir = tempDir('tools');
  const photos = join(dir, 'library', 'photos');
  const copies = join(dir, 'library', 'copies');
  const trips = join(dir, 'library', 'trips');
  for (const d of [photos, copies, trips]) mkdirSync(d, { recursive: true });
  const coco = readdirSync(COCO).sort();
  for (const f of coco.slice(0, 16)) copyFileSync(join(COCO, f), join(photos, f));
  // Duplicates: a photo, a smaller re-encoded copy, the same bytes in another folder; one photo in three formats.
  const original = join(COCO, coco[20]!);
  copyFileSync(original, join(photos, 'harbour.jpg'));
  await sharp(original).resize({ width: 320 }).jpeg({ quality: 70 }).toFile(join(photos, 'harbour-small.jpg'));
  copyFileSync(original, join(copies, 'harbour.jpg'));
  for (const ext of ['jpg', 'png', 'webp']) copyFileSync(join(EVAL, 'robustness', 'variants', `DSCN0010.${ext}`), join(photos, `DSCN0010.${ext}`));
  // Dated trip photos (no EXIF: the date is the file's modification time): three in 2019, three in 2021.
  const trip = [
    ['trip-01.jpg', '2019-07-04'],
    ['trip-02-blurry.jpg', '2019-07-20'],
    ['trip-03.jpg', '2019-03-02'],
    ['trip-04.jpg', '2021-05-01'],
    ['trip-05.jpg', '2021-05-02'],
    ['trip-06.jpg', '2021-08-09'],
  ] as const;
  for (const [i, [name, date]] of trip.entries()) {
    await sharp(join(COCO, coco[30 + i]!)).jpeg({ quality: 85 }).toFile(join(trips, name));
    utimesSync(join(trips, name), day(date), day(date));
  }
  const data = join(dir, 'data');
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  await cli(['--data-dir', data, '--json', 'index', photos, copies, trips]);
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

describe('duplicates', () => {
  it('the contract lists groups with exact counts, keeper first (largest), paged', async () => {
    const all = await api<Dupes>('duplicates', {});
    const harbour = all.groups.find((g) => g.files.some((f) => f.name === 'harbour-small.jpg'));
    expect(harbour, JSON.stringify(all.groups.map((g) => g.files.map((f) => f.name)))).toBeDefined();
    expect(harbour!.files).toHaveLength(3);
    expect(harbour!.files[2]!.name).toBe('harbour-small.jpg'); // the smallest is never the keeper
    expect(harbour!.files.slice(0, 2).map((f) => f.name)).toEqual(['harbour.jpg', 'harbour.jpg']);
    const formats = all.groups.find((g) => g.files.some((f) => f.name.startsWith('DSCN0010')));
    expect(formats!.files.map((f) => f.name).sort()).toEqual(['DSCN0010.jpg', 'DSCN0010.png', 'DSCN0010.webp']);
    // No other photo of this library is a duplicate of anything.
    expect(all.totalGroups).toBe(2);
    expect(all.totalFiles).toBe(6);
    expect(all.redundantFiles).toBe(4);
    const second = await api<Dupes>('duplicates', { page: 1, pageSize: 1 });
    expect(second.groups).toHaveLength(1);
    expect(second.groups[0]!.keeperId).toBe(all.groups[1]!.keeperId);
    expect(second.totalGroups).toBe(2);
  });

  it('the Duplicates sheet shows each group with its keeper; in a browser it offers downloads, not the trash', async () => {
    await page.getByRole('button', { name: 'Duplicates' }).click();
    const sheet = page.getByRole('dialog', { name: 'Duplicates' });
    await sheet.getByText('2 groups of the same photo · 4 extra copies', { exact: false }).waitFor();
    const group = sheet.getByRole('listitem', { name: /copies of harbour\.jpg$/ });
    await group.waitFor();
    expect(await group.locator('.dup-file.keeper strong').textContent()).toBe('harbour.jpg');
    await group.getByText('Keep', { exact: true }).waitFor();
    // The others are ticked for removal; in a browser there is no trash, only downloads.
    expect(await group.getByRole('checkbox', { name: 'Remove harbour-small.jpg' }).isChecked()).toBe(true);
    expect(await sheet.getByRole('button', { name: /to trash/ }).count()).toBe(0);
    await sheet.getByText('Moving files to the trash works in the desktop app').waitFor();
    const link = group.getByRole('link', { name: 'Download harbour-small.jpg' });
    expect(await link.getAttribute('href')).toMatch(/^media\/original\/\d+\?token=/);
    await group.getByRole('checkbox', { name: 'Remove harbour-small.jpg' }).uncheck();
    expect(await group.locator('.dup-file.marked').count()).toBe(1);
    await screenshot(page, 'duplicates-sheet');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
  });
});

describe('multi-select', () => {
  it('Ctrl+click, Shift+click, Ctrl+A and Esc; a bar with the count and the browser actions', async () => {
    await query('trip');
    await expect.poll(() => names()).toEqual(expect.arrayContaining(['trip-01.jpg', 'trip-04.jpg', 'trip-06.jpg']));
    const all = await cells().count();
    const bar = page.getByRole('toolbar', { name: 'Selected results' });
    await cells().nth(0).click();
    expect(await bar.count()).toBe(0); // a plain click selects one result, as before
    await cells().nth(2).click({ modifiers: ['Control'] });
    await bar.getByText('1 selected').waitFor();
    await cells().nth(0).click({ modifiers: ['Control'] });
    await bar.getByText('2 selected').waitFor();
    await cells().nth(4).click({ modifiers: ['Shift'] }); // from the anchor (the last Ctrl+click, 0) to 4
    await bar.getByText('5 selected').waitFor();
    expect(await page.locator('.tile.checked').count()).toBe(5);
    expect(await bar.getByRole('button', { name: /trash/ }).count()).toBe(0);
    await bar.getByText('Moving to the trash is in the desktop app.').waitFor();
    await screenshot(page, 'multi-select-bar');

    // Copy paths: one per line, in the list's order.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
    await bar.getByRole('button', { name: 'Copy paths' }).click();
    await page.getByText('5 paths copied').waitFor();
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(copied).toHaveLength(5);
    for (const p of copied) expect(p).toMatch(/library[\\/](photos|copies|trips)[\\/]/);

    // Download: the originals through the server.
    const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: 'Download' }).click()]);
    expect(copied.map((p) => p.split(/[\\/]/).pop())).toContain(download.suggestedFilename());

    // Esc clears the selection wherever the focus is (here: the bar's Copy paths button).
    await bar.getByRole('button', { name: 'Copy paths' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.count()).toBe(0);
    await page.getByRole('grid', { name: 'Photos' }).focus();
    await page.keyboard.press('Control+a');
    await bar.getByText(`${all} selected`).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.count()).toBe(0);
    // Esc with nothing selected keeps its old meaning (back to the search field).
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
  });

  it('from the keyboard: Space toggles, Shift+arrows extend from the current photo', async () => {
    await query('trip');
    await search().press('ArrowDown'); // into the results: the first photo is current
    await page.keyboard.press('Space');
    const bar = page.getByRole('toolbar', { name: 'Selected results' });
    await bar.getByText('1 selected').waitFor();
    await page.keyboard.press('Space');
    await expect.poll(() => bar.count()).toBe(0);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await bar.getByText('3 selected').waitFor();
    expect(await page.getByRole('grid', { name: 'Photos' }).getAttribute('aria-multiselectable')).toBe('true');
    expect(await page.locator('.tile.checked[aria-selected="true"]').count()).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.count()).toBe(0);
  });
});

describe('query chips', () => {
  it('"2019" and "-word" become removable chips applied as filters', async () => {
    await query('trip 2019 -blurry');
    const chips = page.getByRole('list', { name: 'Filters from your words' });
    await chips.getByText('Taken 2019').waitFor();
    await chips.getByText('Without “blurry”').waitFor();
    await expect.poll(() => names()).toEqual(['trip-01.jpg', 'trip-03.jpg']);
    await screenshot(page, 'query-chips');
    // Removing a chip takes its words out of the query and searches again.
    await chips.getByRole('button', { name: 'Remove Without “blurry”' }).click();
    await resultsFor(page, 'text:trip 2019').waitFor();
    expect(await search().inputValue()).toBe('trip 2019');
    await expect.poll(() => names()).toEqual(['trip-01.jpg', 'trip-02-blurry.jpg', 'trip-03.jpg']);
    await chips.getByRole('button', { name: 'Remove Taken 2019' }).click();
    await resultsFor(page, 'text:trip').waitFor();
    await expect.poll(() => names()).toEqual(expect.arrayContaining(['trip-01.jpg', 'trip-04.jpg', 'trip-06.jpg']));
    expect(await chips.count()).toBe(0);
  });

  it('chips alone list every photo they let through, newest first', async () => {
    await query('2019');
    const order = () => cells().evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    await expect.poll(order).toEqual(['trip-02-blurry.jpg', 'trip-01.jpg', 'trip-03.jpg']);
    await query('2019 -blurry');
    await expect.poll(order).toEqual(['trip-01.jpg', 'trip-03.jpg']);
    await cells().first().dblclick();
    await page.getByRole('region', { name: 'Why it matched' }).getByText('It passes the filters your search names', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('a Chinese year and month: 2019年7月', async () => {
    await query('trip 2019年7月');
    await page.getByRole('list', { name: 'Filters from your words' }).getByText('Taken July 2019').waitFor();
    await expect.poll(() => names()).toEqual(['trip-01.jpg', 'trip-02-blurry.jpg']);
  });
});

describe('a photo + words', () => {
  it('in Similar mode, words refine the image search through the contract', async () => {
    const trip = (await api<{ results: Hit[] }>('search', { query: 'trip-04', filters: { type: 'image' } })).results.find((h) => h.name === 'trip-04.jpg')!;
    const plain = await api<{ results: Hit[] }>('similar', { image: { fileId: trip.id }, k: 200, filters: { type: 'image' } });
    const refined = await api<{ results: Hit[] }>('similar', { image: { fileId: trip.id }, text: 'at night', k: 200, filters: { type: 'image' } });
    // The words move the query: the same photos score differently (the tiny test pack ranks few above its cut-off).
    expect(refined.results[0]!.score).not.toBeCloseTo(plain.results[0]!.score, 3);

    await query('trip-04');
    await page.getByRole('gridcell', { name: 'trip-04.jpg' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Find similar' }).click();
    await resultsFor(page, 'similar').waitFor();
    const order = () => cells().evaluateAll((els) => els.slice(0, 8).map((e) => e.getAttribute('aria-label')));
    await expect.poll(order).toEqual(plain.results.slice(0, 8).map((h) => h.name));
    const words = page.getByRole('textbox', { name: 'Add words to the image search' });
    await words.fill('at night');
    await words.press('Enter');
    await expect.poll(order).toEqual(refined.results.slice(0, 8).map((h) => h.name));
    await page.getByText('Similar to trip-04.jpg').waitFor();
    // Weaker look-alikes of the refined query unfold below it (the tiny test pack keeps few above its cut-off).
    const fold = page.getByRole('button', { name: /^Show \d+ weaker/ });
    await fold.waitFor();
    const before = await cells().count();
    await fold.click();
    await expect.poll(() => cells().count()).toBeGreaterThan(before);
    await page.getByRole('button', { name: 'Hide weaker matches' }).click();
    await expect.poll(() => cells().count()).toBe(before);
    // The preview's score is the refined query's.
    await cells().first().dblclick();
    const preview = page.getByRole('complementary', { name: /^Preview of / });
    await preview.getByText(refined.results[0]!.score.toFixed(3), { exact: false }).waitFor();
    await screenshot(page, 'similar-plus-words');
    await page.keyboard.press('Escape');
    // Emptying the words goes back to the image alone.
    await words.fill('');
    await words.press('Enter');
    await expect.poll(order).toEqual(plain.results.slice(0, 8).map((h) => h.name));
    await page.getByRole('button', { name: 'Back to text search' }).click();
  });
});

/**
 * The page as the desktop app runs it: a stand-in for the preload bridge (window.glimpse) that sends
 * contract calls to the real server and records the desktop actions (the Electron side of trashFile
 * is unit-tested in test/unit/shell/trash-action.test.ts).
 */
async function desktopPage(): Promise<{ p: Page; actions: () => Promise<[string, number][]> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  await p.addInitScript((token: string) => {
    const actions: [string, number][] = [];
    const ok = async (name: string, id: number) => {
      actions.push([name, id]);
      return { ok: true, value: { ok: true } };
    };
    const call = (name: string) => async (input: unknown) => {
      const res = await fetch(`api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input ?? {}) });
      const text = await res.text();
      const body: unknown = text ? JSON.parse(text) : null;
      return res.ok ? { ok: true, value: body } : { ok: false, error: body ?? { kind: 'internal', message: `HTTP ${res.status}` } };
    };
    const desktop = {
      platform: 'linux',
      revealInFolder: (id: number) => ok('revealInFolder', id),
      openFile: (id: number) => ok('openFile', id),
      copyPath: (id: number) => ok('copyPath', id),
      trashFile: (id: number) => ok('trashFile', id),
      pickFolder: async () => ({ ok: true, value: { path: null } }),
      startDrag: () => undefined,
      prepareDrag: () => undefined,
      onCommand: () => () => undefined,
    };
    (window as unknown as { glimpseActions: typeof actions }).glimpseActions = actions;
    (window as unknown as { glimpse: unknown }).glimpse = new Proxy({ desktop, on: () => () => undefined } as Record<string, unknown>, { get: (t, name: string) => t[name] ?? call(name) });
  }, serve.token);
  await p.goto(serve.openUrl);
  return { p, actions: () => p.evaluate(() => (window as unknown as { glimpseActions: [string, number][] }).glimpseActions) };
}

describe('in the desktop app (a stand-in bridge)', () => {
  it('Duplicates: moving the ticked copies to the trash is confirmed first, and never takes a keeper', async () => {
    const { p, actions } = await desktopPage();
    const all = await api<Dupes>('duplicates', {});
    const keepers = all.groups.map((g) => g.keeperId);
    await p.getByRole('button', { name: 'Duplicates' }).click();
    const sheet = p.getByRole('dialog', { name: 'Duplicates' });
    await sheet.getByRole('button', { name: 'Move 4 ticked to trash…' }).waitFor();
    await sheet.getByRole('checkbox', { name: 'Remove harbour-small.jpg' }).uncheck();
    await sheet.getByRole('button', { name: 'Move 3 ticked to trash…' }).click();
    const confirm = p.getByRole('dialog', { name: 'Move to trash' });
    await confirm.getByText('Move 3 files to the trash? You can restore them from the system trash.').waitFor();
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Cancel'); // the safe choice has the focus
    await screenshot(p, 'duplicates-confirm-trash');
    await p.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await sheet.count()).toBe(1); // Esc closed the confirmation only
    expect(await actions()).toEqual([]);

    await sheet.getByRole('button', { name: 'Move 3 ticked to trash…' }).click();
    await confirm.getByRole('button', { name: 'Move 3 files to trash' }).click();
    await p.getByText('Moved 3 files to the trash (restore from the system trash)').waitFor();
    const trashed = (await actions()).filter(([a]) => a === 'trashFile').map(([, id]) => id);
    expect(trashed).toHaveLength(3);
    for (const id of keepers) expect(trashed).not.toContain(id);
    const small = all.groups.flatMap((g) => g.files).find((f) => f.name === 'harbour-small.jpg')!;
    expect(trashed).not.toContain(small.id);
    // What is left: the harbour keeper and its unticked copy; the other group is gone.
    await expect.poll(() => sheet.getByRole('listitem', { name: /^Group \d+:/ }).count()).toBe(1);
    await p.context().close();
  });

  it('multi-select: the bar offers reveal and a confirmed move to trash instead of downloads', async () => {
    const { p, actions } = await desktopPage();
    await query('trip', p);
    await cells(p).nth(0).click();
    await cells(p).nth(1).click({ modifiers: ['Shift'] });
    const bar = p.getByRole('toolbar', { name: 'Selected results' });
    await bar.getByText('2 selected').waitFor();
    expect(await bar.getByRole('button', { name: 'Download' }).count()).toBe(0);
    await bar.getByRole('button', { name: 'Reveal in folder' }).click();
    await expect.poll(async () => (await actions()).filter(([a]) => a === 'revealInFolder').length).toBe(2);
    await bar.getByRole('button', { name: 'Move to trash…' }).click();
    const confirm = p.getByRole('dialog', { name: 'Move to trash' });
    await confirm.getByRole('button', { name: 'Move 2 files to trash' }).click();
    await p.getByText('Moved 2 files to the trash', { exact: false }).waitFor();
    expect((await actions()).filter(([a]) => a === 'trashFile')).toHaveLength(2);
    await expect.poll(() => bar.count()).toBe(0);
    await p.context().close();
  });
});

describe('accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`axe-core: no serious or critical violations with chips, the selection bar, Similar + words and the Duplicates sheet (${scheme})`, async () => {
      const { page: p } = await openPage(browser, serve.openUrl, { colorScheme: scheme });
      const found: Record<string, string[]> = {};
      await p.getByText('Describe what you are looking for').waitFor();
      await query('trip 2019 -blurry', p);
      await cells(p).first().click();
      await cells(p).nth(1).click({ modifiers: ['Shift'] });
      await p.getByRole('toolbar', { name: 'Selected results' }).waitFor();
      found.chipsAndSelection = await seriousViolations(p);
      await cells(p).first().click({ button: 'right' });
      await p.getByRole('menuitem', { name: 'Find similar' }).click();
      await resultsFor(p, 'similar').waitFor();
      await cells(p).first().waitFor();
      await p.getByRole('textbox', { name: 'Add words to the image search' }).waitFor();
      found.similarWords = await seriousViolations(p);
      await p.getByRole('button', { name: 'Duplicates' }).click();
      await p.getByRole('dialog', { name: 'Duplicates' }).getByText('groups of the same photo', { exact: false }).waitFor();
      found.duplicates = await seriousViolations(p);
      await screenshot(p, `a11y-duplicates-${scheme}`);
      await p.context().close();
      expect(found).toEqual({ chipsAndSelection: [], similarWords: [], duplicates: [] });
    });
  }

  it('the axe check fails on a page with known violations (an unnamed button, an image without alt)', async () => {
    const { page: p } = await openPage(browser, serve.openUrl);
    await p.getByText('Describe what you are looking for').waitFor();
    expect(await seriousViolations(p)).toEqual([]);
    await p.evaluate(() => {
      const main = document.querySelector('main')!;
      main.insertAdjacentHTML('beforeend', '<button type="button" id="axe-probe-button"></button><img id="axe-probe-img" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');
    });
    const bad = await seriousViolations(p);
    expect(bad.some((v) => v.startsWith('critical button-name') && v.includes('#axe-probe-button'))).toBe(true);
    expect(bad.some((v) => v.startsWith('critical image-alt') && v.includes('#axe-probe-img'))).toBe(true);
    await p.context().close();
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
