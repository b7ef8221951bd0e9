// Where the open time of bench/library-scale goes: the engine opened four ways on a prepared
// library (no model; model; model + indexing (visual tower loads); + watch), each in order.
//   npx tsx bench/library-scale/open-breakdown.ts --root=/tmp/glimpse-library-scale-250000
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine, type EngineOptions } from '../../src/main/engine';
import { Catalog } from '../../src/main/engine/catalog';
import { loadPack } from '../../src/main/engine/models/pack';
import { DataDir } from '../../src/main/engine/util/data-dir';
import { HnswIndex } from '../../src/main/engine/vectors';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const DATA = join(values.root ?? '/tmp/glimpse-library-scale-250000', 'data');
const variants: [string, Partial<EngineOptions>][] = [
  ['no model', { model: false }],
  ['model (text tower + HNSW load)', {}],
  ['model + indexing (visual tower too)', { indexing: true }],
  ['model + indexing + watch (the app)', { indexing: true, watch: true }],
];
const out: Record<string, unknown>[] = [];
// The HNSW files alone (validate + int8 mirror + hnswlib load + reconcile with the catalog).
{
  const dirs = new DataDir(DATA);
  const cat = Catalog.open(dirs.catalogDb);
  const pack = loadPack(join(DATA, 'models', 'bench-pack'));
  for (const space of ['images', 'chunks'] as const) {
    const t0 = performance.now();
    const idx = HnswIndex.open({ dir: dirs.indexesDir, source: cat.vectors.source(space, pack.name), dim: pack.embedDim });
    out.push({ name: `HNSW ${space} open`, action: idx.openReport.action, vectors: idx.size, ms: Math.round(performance.now() - t0), mirrorMB: Math.round(idx.mirrorBytes / 2 ** 20), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20), load: loadavg()[0] });
    console.log(JSON.stringify({ name: `HNSW ${space} open`, action: idx.openReport.action, vectors: idx.size, ms: Math.round(performance.now() - t0), mirrorMB: Math.round(idx.mirrorBytes / 2 ** 20), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
    idx.close();
  }
  cat.close();
}
for (const [name, opts] of variants) {
  const t0 = performance.now();
  const e = await openEngine({ dataDir: DATA, providers: ['cpu'], ocr: false, lock: { command: 'bench open-breakdown', longRunning: true }, ...opts });
  const ms = performance.now() - t0;
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  await e.close();
  out.push({ name, openMs: Math.round(ms), rssMB: rss, load: loadavg()[0] });
  console.log(JSON.stringify(out[out.length - 1]));
}
writeFileSync(join(values.root ?? '/tmp/glimpse-library-scale-250000', 'open-breakdown.json'), JSON.stringify({ at: new Date().toISOString(), steps: out }, null, 2));
