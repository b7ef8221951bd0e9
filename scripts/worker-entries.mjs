// The engine's worker-thread entries, found rather than listed: every `*-worker.ts` under
// src/main/engine that runs as a thread (it calls serveWorker, util/worker-host.ts). electron-vite builds each as `<name>.js` next to engine-process.js, where
// util/ts-worker.ts looks for the .js sibling of the .ts URL a pool starts. Names must be unique
// (they share one output folder); a duplicate fails the build here.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export function workerEntries(root) {
  const dir = resolve(root, 'src/main/engine');
  const entries = {};
  for (const rel of readdirSync(dir, { recursive: true })) {
    const file = String(rel);
    if (!file.endsWith('-worker.ts')) continue;
    const src = readFileSync(join(dir, file), 'utf8');
    if (!/\bserveWorker\b|\bparentPort\b/.test(src)) continue;
    const name = basename(file, '.ts');
    if (entries[name]) throw new Error(`two worker entries named ${name}: ${entries[name]} and ${join(dir, file)}`);
    entries[name] = join(dir, file);
  }
  return entries;
}
