// Search as a new user tries it, end to end through the engine (tiny random-weight pack, real
// indexing of real files): sentence-like queries do not flood, a Chinese word in the middle of a
// sentence of Debian's Simplified Chinese reference is found as a document (quoted or not), word
// forms match file names, front matter titles and authors are indexed and shown, and exact
// name/title matches outrank matches by (here random) meaning.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const zhReference = '/usr/share/debian-reference/ch01.zh-cn.html';
const recipes = join(evalDir, 'recipes-based-cooking');
const RECIPES = ['apple-pie', 'apple-strudel', 'apple-chicken', 'spiced-apple-pancakes', 'oatmeal-pancakes', 'pancake', 'banana-pancakes', 'aglio-e-olio', 'lentejas', 'meatloaf'];
let t: Awaited<ReturnType<typeof openTestEngine>>;
let lib: ReturnType<typeof tempDir>;

beforeAll(async () => {
  lib = tempDir('glimpse-lang-lib-');
  const docs = join(lib.path, 'docs');
  const photos = join(lib.path, 'photos');
  mkdirSync(docs);
  mkdirSync(photos);
  for (const r of RECIPES) copyFileSync(join(recipes, 'docs', `${r}.md`), join(docs, `${r}.md`));
  if (existsSync(zhReference)) copyFileSync(zhReference, join(docs, 'debian-reference-ch01.html'));
  writeFileSync(join(docs, 'walk.txt'), 'We took the dog to the beach at dawn and walked for an hour.\n');
  writeFileSync(join(docs, 'dog.txt'), 'The dog sleeps all day in the sun.\n');
  for (let i = 0; i < 12; i++) writeFileSync(join(docs, `stats-${i}.txt`), `An addition on the alignment of the abline, at the origin, table ${i}.\n`);
  writeFileSync(join(docs, 'travel-handbook.txt'), 'Renew your passport six months before travel. A passport photo must be recent.\n');
  copyFileSync(join(recipes, 'images', 'pancake.webp'), join(photos, 'pancake.webp'));
  copyFileSync(join(recipes, 'images', 'french-toast.webp'), join(photos, 'Passport scan 2019.webp'));
  t = await openTestEngine();
  internals(t.engine).library.add(lib.path);
  await t.engine.indexNow();
}, 300_000);
afterAll(async () => {
  await t.cleanup();
  lib.cleanup();
});

const docSearch = (query: string) => t.engine.search({ query, filters: { type: 'document' }, pageSize: 100 });
const names = (r: { results: { name: string }[] }) => r.results.map((h) => h.name);

describe('search as people type it', () => {
  it('"a dog on the beach" returns no more documents than "dog beach" plus those holding both words', async () => {
    const typed = await docSearch('a dog on the beach');
    const plain = await docSearch('dog beach');
    const both = names(plain).filter((n) => n === 'walk.txt').length;
    expect(typed.total).toBeLessThanOrEqual(plain.total + both);
    expect(names(typed)[0]).toBe('walk.txt');
    expect(names(typed).some((n) => n.startsWith('stats-'))).toBe(false);
    for (const r of typed.results) expect(r.snippet ?? '').not.toMatch(/«(?:a|an|at|the|on)\w*»/i);
  });

  it.skipIf(!existsSync(zhReference))('finds a two-character Chinese word in the middle of a sentence (quoted or not)', async () => {
    // "shell 解析你的命令" (the shell parses your commands): 解析 sits inside a run of Han characters.
    for (const q of ['解析', '"解析"', '命令', '"你的命令"']) {
      const res = await docSearch(q);
      expect(names(res), q).toContain('debian-reference-ch01.html');
      expect(res.results.find((r) => r.name === 'debian-reference-ch01.html')!.matchedBy).toContain('keyword');
    }
  });

  it('shows and searches front matter: title, author', async () => {
    const res = await docSearch('Apple Pie');
    expect(res.results[0]!.name).toBe('apple-pie.md');
    expect(res.results[0]!.title).toBe('Apple Pie');
    const byAuthor = await docSearch('wpnwbn');
    expect(names(byAuthor)[0]).toBe('oatmeal-pancakes.md');
    expect(byAuthor.results[0]!.title).toBe('Oatmeal Pancakes');
  });

  it('puts the file named by the query first, above matches by meaning', async () => {
    const passport = await t.engine.search({ query: 'passport', filters: { type: 'all' } });
    expect(passport.results[0]!.name).toBe('Passport scan 2019.webp');
    expect(names(passport)).toContain('travel-handbook.txt');
    const pancakes = await t.engine.search({ query: 'pancakes', filters: { type: 'image' } });
    expect(pancakes.results[0]!.name).toBe('pancake.webp');
    const pancake = await docSearch('Pancake');
    expect(pancake.results[0]!.name).toBe('pancake.md');
  });
});
