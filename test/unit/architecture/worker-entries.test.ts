// Worker entries are discovered for the desktop build (scripts/worker-entries.mjs), not listed by
// hand: every worker the engine starts by URL must be among them, or the packaged app would fail to
// start it while every test (which runs the .ts sources) passes.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerEntries } from '../../../scripts/worker-entries.mjs';
import { repoRoot } from '../../helpers/paths';

function startedWorkers(): string[] {
  const dir = join(repoRoot, 'src/main/engine');
  const names: string[] = [];
  for (const rel of readdirSync(dir, { recursive: true })) {
    const file = String(rel);
    if (!file.endsWith('.ts')) continue;
    const src = readFileSync(join(dir, file), 'utf8');
    for (const m of src.matchAll(/new URL\('\.\/([\w-]+)\.ts', import\.meta\.url\)/g)) names.push(m[1]!);
  }
  return names;
}

describe('worker entries', () => {
  it('every worker started by URL is a discovered build entry, and nothing else is', () => {
    const entries = workerEntries(repoRoot);
    const started = [...new Set(startedWorkers())].sort();
    expect(started.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(entries).sort()).toEqual(started);
    for (const [name, path] of Object.entries(entries)) expect(basename(path, '.ts')).toBe(name);
  });
});
