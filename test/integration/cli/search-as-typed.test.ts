// Issue 19's "Must show", as a user runs it: `glimpse search ... --type document` (real processes,
// tiny test pack, real indexing). "a dog on the beach" returns no more documents than "dog beach"
// plus those holding both words (no stopword prefix flood); a two-character Chinese word in the
// middle of a sentence of Debian's Simplified Chinese reference is found, quoted or not; a
// document is named by its front-matter title.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, repoRoot, tempDir, tinyPackDir } from '../../helpers/paths';

const run = promisify(execFile);
const data = tempDir('glimpse-cli-typed-');
const lib = tempDir('glimpse-cli-typed-lib-');
const bin = join(repoRoot, 'bin/glimpse.mjs');
const zhReference = '/usr/share/debian-reference/ch01.zh-cn.html';

interface Hit {
  name: string;
  title?: string | null;
  snippet?: string | null;
}

async function glimpse(...args: string[]): Promise<string> {
  const r = await run(process.execPath, [bin, '--data-dir', data.path, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu', GLIMPSE_PROGRESS: '0' }, maxBuffer: 64 << 20 });
  return r.stdout;
}
const docs = async (query: string): Promise<{ total: number; results: Hit[] }> => JSON.parse(await glimpse('search', query, '--type', 'document', '--json')) as { total: number; results: Hit[] };

beforeAll(async () => {
  const d = join(lib.path, 'docs');
  mkdirSync(d);
  writeFileSync(join(d, 'walk.txt'), 'We took the dog to the beach at dawn and walked for an hour.\n');
  writeFileSync(join(d, 'dog.txt'), 'The dog sleeps all day in the sun.\n');
  writeFileSync(join(d, 'beach.txt'), 'The beach was empty in November.\n');
  for (let i = 0; i < 12; i++) writeFileSync(join(d, `stats-${i}.txt`), `An addition on the alignment of the abline, at the origin, table ${i}.\n`);
  copyFileSync(join(evalDir, 'recipes-based-cooking', 'docs', 'oatmeal-pancakes.md'), join(d, 'oatmeal-pancakes.md'));
  if (existsSync(zhReference)) copyFileSync(zhReference, join(d, 'debian-reference-ch01.html'));
  await glimpse('models', 'import', tinyPackDir);
  await glimpse('index', d);
}, 300_000);
afterAll(() => {
  data.cleanup();
  lib.cleanup();
});

describe('glimpse search as people type it', () => {
  it('"a dog on the beach" --type document: no more documents than "dog beach" plus those holding both words', async () => {
    const typed = await docs('a dog on the beach');
    const plain = await docs('dog beach');
    const both = plain.results.filter((h) => h.name === 'walk.txt').length;
    expect(both).toBe(1);
    expect(typed.total).toBeLessThanOrEqual(plain.total + both);
    expect(typed.results[0]!.name).toBe('walk.txt');
    expect(typed.results.some((h) => h.name.startsWith('stats-'))).toBe(false);
    for (const h of typed.results) expect(h.snippet ?? '').not.toMatch(/«(?:a|an|at|the|on)\w*»/i);
  });

  it.skipIf(!existsSync(zhReference))('finds a two-character Chinese word in the middle of a sentence, quoted or not', async () => {
    for (const q of ['解析', '"解析"']) {
      const res = await docs(q);
      expect(res.results.map((h) => h.name), q).toContain('debian-reference-ch01.html');
    }
  });

  it('names a document by its front-matter title', async () => {
    const res = await docs('oatmeal pancakes');
    expect(res.results[0]).toMatchObject({ name: 'oatmeal-pancakes.md', title: 'Oatmeal Pancakes' });
  });
});
