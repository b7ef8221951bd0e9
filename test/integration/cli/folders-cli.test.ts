// `glimpse folders add|list|remove` through the engine's contract calls, as the app does: adding a
// folder scans it (every file queued, counted in status), a folder inside a watched one is answered
// by its kind ('already-exists', not by matching message text), and `index` accepts such a folder.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { evalDir, repoRoot, tempDir } from '../../helpers/paths';

const run = promisify(execFile);
const data = tempDir('glimpse-cli-folders-');
const lib = tempDir('glimpse-cli-folders-lib-');
afterAll(() => {
  data.cleanup();
  lib.cleanup();
});

async function glimpse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repoRoot, 'bin/glimpse.mjs'), '--data-dir', data.path, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('glimpse folders', () => {
  it('add scans the folder like the app does; a folder inside it is already watched; remove forgets it', async () => {
    const sub = join(lib.path, 'trip');
    mkdirSync(sub);
    for (const f of ['000000000790.jpg', '000000121647.jpg']) cpSync(join(evalDir, 'coco2017-mini80/images', f), join(lib.path, f));
    cpSync(join(evalDir, 'coco2017-mini80/images/000000196393.jpg'), join(sub, 'beach.jpg'));

    const added = await glimpse('folders', 'add', lib.path, '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ path: lib.path, files: 3 });
    const status = JSON.parse((await glimpse('status', '--json')).stdout) as { files: { queued: number } };
    expect(status.files.queued).toBe(3);

    const inside = await glimpse('folders', 'add', sub);
    expect(inside.code).not.toBe(0);
    expect(inside.stderr).toMatch(/already watched as part of/);
    expect(inside.stderr.trim().split('\n')).toHaveLength(1);

    const listed = JSON.parse((await glimpse('folders', 'list', '--json')).stdout) as { path: string }[];
    expect(listed.map((f) => f.path)).toEqual([lib.path]);
    expect((await glimpse('folders', 'remove', lib.path)).code).toBe(0);
    expect(JSON.parse((await glimpse('folders', 'list', '--json')).stdout)).toEqual([]);
  });
});
