// The document preview's engine side on a real library: a PDF's passages in reading order with their
// pages (documentPassages), the page image of a passage served by the passage's opaque id (media kind
// 'page', rendered once and cached), and what is refused (a passage with no page, a Markdown file's
// passage, an unknown id, a file in a folder no longer watched).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { openTestEngine } from '../../helpers/engine';
import { evalDir, tempDir } from '../../helpers/paths';
import type { Engine } from '../../../src/main/engine/engine';

const lib = tempDir('glimpse-docprev-lib-');
let engine: Engine;
let cleanup: () => Promise<void>;
const pdf = join(lib.path, 'pdfs', 'booktabs.pdf');
const md = join(lib.path, 'notes', 'notes.md');

beforeAll(async () => {
  mkdirSync(join(lib.path, 'pdfs'), { recursive: true });
  mkdirSync(join(lib.path, 'notes'), { recursive: true });
  copyFileSync(join(evalDir, 'documents', 'debian-pdfs', 'booktabs.pdf'), pdf);
  writeFileSync(md, '# Notes\n\nLighthouses and their keepers.\n');
  const t = await openTestEngine({ withModel: false, ocr: false });
  engine = t.engine;
  cleanup = t.cleanup;
  await engine.foldersAdd({ path: join(lib.path, 'pdfs'), scan: 'wait' });
  await engine.foldersAdd({ path: join(lib.path, 'notes'), scan: 'wait' });
  await engine.indexNow();
});
afterAll(async () => {
  await cleanup?.();
  lib.cleanup();
});

async function idOf(path: string): Promise<number> {
  const r = await engine.search({ query: path.endsWith('.pdf') ? 'booktabs' : 'lighthouses', filters: { type: 'document' } });
  const hit = r.results.find((h) => h.path === path);
  expect(hit).toBeDefined();
  return hit!.id;
}

describe('document preview', () => {
  it('lists a PDF passages in page order, each with its page', async () => {
    const id = await idOf(pdf);
    const d = await engine.documentPassages({ fileId: id });
    expect(d.pageImages).toBe(true);
    expect(d.truncated).toBe(false);
    expect(d.passages.length).toBeGreaterThan(10);
    const pages = d.passages.map((p) => p.page!);
    expect(pages.every((p) => Number.isInteger(p) && p >= 1)).toBe(true);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    expect(new Set(pages).size).toBeGreaterThan(5);
    expect(d.passages.some((p) => /toprule/i.test(p.text))).toBe(true);
  });

  it("serves a passage's page as a PNG by the passage id, rendered once then cached", async () => {
    const id = await idOf(pdf);
    const d = await engine.documentPassages({ fileId: id });
    const p3 = d.passages.find((p) => p.page === 3)!;
    const media = await engine.resolveMedia('page', p3.id);
    expect(media.mime).toBe('image/png');
    const meta = await sharp(media.path).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(1400);
    const stats = await sharp(media.path).stats();
    expect(stats.channels[0]!.min).toBeLessThan(100); // text is drawn, not a blank page
    const mtime = statSync(media.path).mtimeMs;
    const again = await engine.resolveMedia('page', p3.id);
    expect(again.path).toBe(media.path);
    expect(statSync(again.path).mtimeMs).toBe(mtime);
    // Another passage of the same page: the same cached image.
    const other = d.passages.find((p) => p.page === 3 && p.id !== p3.id);
    if (other) expect((await engine.resolveMedia('page', other.id)).path).toBe(media.path);
  });

  it('refuses what has no page image, unknown ids, and files no longer watched', async () => {
    const mdId = await idOf(md);
    const mdPassages = await engine.documentPassages({ fileId: mdId });
    expect(mdPassages.pageImages).toBe(false);
    expect(mdPassages.passages.length).toBeGreaterThan(0);
    await expect(engine.resolveMedia('page', mdPassages.passages[0]!.id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(engine.resolveMedia('page', 987_654)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(engine.documentPassages({ fileId: 987_654 })).rejects.toMatchObject({ kind: 'not-found' });

    const id = await idOf(pdf);
    const first = (await engine.documentPassages({ fileId: id })).passages[0]!;
    await engine.foldersRemove({ path: join(lib.path, 'pdfs') });
    await expect(engine.resolveMedia('page', first.id)).rejects.toThrow();
    await expect(engine.documentPassages({ fileId: id })).rejects.toThrow();
    expect(existsSync(pdf)).toBe(true);
  });
});
