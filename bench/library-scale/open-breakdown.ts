// Where the open time of bench/library-scale goes: the HNSW files alone, then the engine opened
// four ways on a prepared library (no model; model; model + indexing; + watch, the app), each in a
// fresh process (so RSS is that variant's own), with the first query after open and the time
// until the background work of open (the int8 mirrors' fill) is done.
//   npx tsx bench/library-scale/open-breakdown.ts --root=/tmp/glimpse-library-scale-250000
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine, type EngineOptions } from '../../src/main/engine';
import { Catalog } from '../../src/main/engine/catalog';
import { loadPack } from '../../src/main/engine/models/pack';
import { DataDir } from '../../src/main/engine/util/data-dir';
import { HnswIndex } from '../../src/main/engine/vectors';
import { internals } from '../../test/helpers/engine-internals';

const { values } = parseArgs({ options: { root: { type: 'string' }, step: { type: 'string' } } });
const ROOT = values.root ?? '/tmp/glimpse-library-scale-250000';
const DATA = join(ROOT, 'data');
const variants: [string, Partial<EngineOptions>][] = [
  ['no model', { model: false }],
  ['model (text tower + HNSW load)', {}],
  ['model + indexing', { indexing: true }],
  ['model + indexing + watch (the app)', { indexing: true, watch: true }],
];
const rssMB = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

async function hnswAlone(): Promise<Record<string, unknown>[]> {
  const dirs = new DataDir(DATA);
  const cat = Catalog.open(dirs.catalogDb);
  const pack = loadPack(join(DATA, 'models', 'bench-pack'));
  const out: Record<string, unknown>[] = [];
  for (const space of ['images', 'chunks'] as const) {
    const t0 = performance.now();
    const idx = await HnswIndex.openAsync({ dir: dirs.indexesDir, source: cat.vectors.source(space, pack.name), dim: pack.embedDim });
    const ms = performance.now() - t0;
    await idx.whenIdle();
    out.push({ name: `HNSW ${space} open`, action: idx.openReport.action, vectors: idx.size, ms: Math.round(ms), mirrorFilledMs: Math.round(performance.now() - t0), mirrorMB: Math.round(idx.mirrorBytes / 2 ** 20), rssMB: rssMB(), load: loadavg()[0] });
    idx.close();
  }
  cat.close();
  return out;
}

async function variant(i: number): Promise<Record<string, unknown>> {
  const [name, opts] = variants[i]!;
  const t0 = performance.now();
  const e = await openEngine({ dataDir: DATA, providers: ['cpu'], ocr: false, lock: { command: 'bench open-breakdown', longRunning: true }, ...opts });
  const openMs = performance.now() - t0;
  const rssAtOpen = rssMB();
  const q0 = performance.now();
  await e.search({ query: 'a dog on the beach', filters: { type: 'image' } });
  const firstQueryMs = performance.now() - q0;
  const model = internals(e as never).activeModel;
  if (model) await Promise.all([model.images.whenIdle(), model.chunks.whenIdle()]);
  const backgroundDoneMs = performance.now() - t0;
  const r = { name, openMs: Math.round(openMs), firstQueryMs: Math.round(firstQueryMs), backgroundDoneMs: Math.round(backgroundDoneMs), rssAtOpenMB: rssAtOpen, rssMB: rssMB(), visualLoaded: model?.embedder.visualReady ?? false, load: loadavg()[0] };
  await e.close();
  return r;
}

if (values.step !== undefined) {
  const step = values.step === 'hnsw' ? await hnswAlone() : [await variant(Number(values.step))];
  process.stdout.write(`RESULT ${JSON.stringify(step)}\n`);
} else {
  const steps: Record<string, unknown>[] = [];
  for (const step of ['hnsw', ...variants.map((_, i) => String(i))]) {
    const text = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, `--root=${ROOT}`, `--step=${step}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const line = text.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`step ${step} printed no result:\n${text}`);
    for (const s of JSON.parse(line.slice(7)) as Record<string, unknown>[]) {
      console.log(JSON.stringify(s));
      steps.push(s);
    }
  }
  writeFileSync(join(ROOT, 'open-breakdown.json'), JSON.stringify({ at: new Date().toISOString(), steps }, null, 2));
}
