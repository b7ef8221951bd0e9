// Paths to the shared fixtures and eval data (../shared beside the repo) and temp dirs for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const fixturesDir = join(sharedDir, 'fixtures');
export const evalDir = join(sharedDir, 'eval');
export const tinyPackDir = join(fixturesDir, 'tiny-clip-immich');

export function tempDir(prefix = 'glimpse-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
