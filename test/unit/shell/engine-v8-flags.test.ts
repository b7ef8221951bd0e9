// Every engine process starts with ENGINE_V8_FLAGS: the CLI through bin/glimpse.mjs's shebang and the
// `npm run glimpse` script. V8 only reads them at start-up, so they cannot be set from inside.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS } from '../../../src/main/engine/engine-v8-flags';
import { repoRoot } from '../../helpers/paths';

describe('engine V8 flags', () => {
  const shebang = readFileSync(join(repoRoot, 'bin/glimpse.mjs'), 'utf8').split('\n')[0]!;

  it('the CLI shebang passes exactly ENGINE_V8_FLAGS to node', () => {
    const m = /^#!\/usr\/bin\/env -S node (.*)$/.exec(shebang);
    expect(m, shebang).not.toBeNull();
    expect(m![1]!.trim().split(/\s+/)).toEqual([...ENGINE_V8_FLAGS]);
  });

  it('node accepts them and a process started with them sees them', () => {
    const out = execFileSync(process.execPath, [...ENGINE_V8_FLAGS, '-p', 'JSON.stringify(process.execArgv)'], { encoding: 'utf8' });
    // (execArgv also holds -p and its code)
    expect((JSON.parse(out) as string[]).slice(0, ENGINE_V8_FLAGS.length)).toEqual([...ENGINE_V8_FLAGS]);
  });

  it('`npm run glimpse` passes them too', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.glimpse).toBe(`node ${ENGINE_V8_FLAGS.join(' ')} bin/glimpse.mjs`);
  });
});
