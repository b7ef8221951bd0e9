// `glimpse duplicates` and `glimpse similar --text` through the contract, on a real indexed library
// (tiny fixture pack): one photo in three formats is one group; words move the similar query.
import { execFile } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { evalDir, repoRoot, tempDir, tinyPackDir } from '../../helpers/paths';

const run = promisify(execFile);
const data = tempDir('glimpse-cli-dupes-');
const lib = tempDir('glimpse-cli-dupes-lib-');
afterAll(() => {
  data.cleanup();
  lib.cleanup();
});

async function glimpse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repoRoot, 'bin/glimpse.mjs'), '--data-dir', data.path, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu', GLIMPSE_PROGRESS: '0' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Hit = { name: string; score: number };

describe('glimpse duplicates', () => {
  it('lists the same photo in three formats as one group, keeper first; similar --text refines', async () => {
    for (const ext of ['jpg', 'png', 'webp']) cpSync(join(evalDir, 'robustness/variants', `DSCN0010.${ext}`), join(lib.path, `DSCN0010.${ext}`));
    for (const f of ['000000000790.jpg', '000000121647.jpg', '000000196393.jpg']) cpSync(join(evalDir, 'coco2017-mini80/images', f), join(lib.path, f));
    expect((await glimpse('models', 'import', tinyPackDir)).code).toBe(0);
    const indexed = await glimpse('index', lib.path);
    expect(indexed.code, indexed.stderr).toBe(0);

    const json = await glimpse('--json', 'duplicates');
    expect(json.code, json.stderr).toBe(0);
    const res = JSON.parse(json.stdout) as { totalGroups: number; redundantFiles: number; groups: { keeperId: number; files: { id: number; name: string }[] }[] };
    expect(res.totalGroups).toBe(1);
    expect(res.redundantFiles).toBe(2);
    expect(res.groups[0]!.files.map((f) => f.name).sort()).toEqual(['DSCN0010.jpg', 'DSCN0010.png', 'DSCN0010.webp']);
    expect(res.groups[0]!.files[0]!.id).toBe(res.groups[0]!.keeperId);
    const text = await glimpse('duplicates');
    expect(text.stdout).toMatch(/^ {2}keep +\S+DSCN0010\./m);
    expect(text.stdout).toMatch(/1 groups, 2 extra copies/);

    const photo = join(lib.path, '000000000790.jpg');
    const plain = JSON.parse((await glimpse('--json', 'similar', photo, '--all')).stdout) as { results: Hit[] };
    const refined = JSON.parse((await glimpse('--json', 'similar', photo, '--all', '--text', 'at night')).stdout) as { results: Hit[] };
    expect(plain.results.length).toBe(6);
    expect(refined.results.length).toBe(6);
    const score = (r: { results: Hit[] }, name: string) => r.results.find((h) => h.name === name)!.score;
    expect(score(refined, '000000000790.jpg')).toBeLessThan(score(plain, '000000000790.jpg')); // the photo itself: 1 alone, less with words
  });
});
