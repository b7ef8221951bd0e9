// Shared bits of the benchmarks: where the eval data and the benchmark pack are, JSON output.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const evalDir = resolve(repoRoot, '..', 'shared', 'eval');
export const tinyPackDir = resolve(repoRoot, '..', 'shared', 'fixtures', 'tiny-clip-immich');

/** The real-size random pack (make-random-clip.py --arch vit-b-32), else the tiny fixture. */
export function benchPackDir(explicit?: string): string {
  const candidates = [explicit, process.env.GLIMPSE_BENCH_PACK, '/tmp/vit-b-32-random'].filter(Boolean) as string[];
  for (const c of candidates) if (existsSync(join(c, 'config.json'))) return resolve(c);
  console.warn('real-size pack not found: using the tiny fixture pack (numbers are not representative)');
  return tinyPackDir;
}

export function writeResult(name: string, data: unknown): void {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const payload = { name, at: new Date().toISOString(), ...(data as object) };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(payload, null, 2) + '\n');
  console.log(`wrote bench/results/${name}.json`);
}
