// Narrow filters on the 250k bench library: the HNSW graph searched with a filter callback against
// an exact scan of the int8 mirror, for allowed sets of a few thousand to 100k photos, to place the
// exact-scan budget (vectors/hnsw-index.ts EXACT_SCAN_BUDGET).
//   npx tsx bench/library-scale/filtered-knn.ts [--root=/tmp/glimpse-library-scale-250000]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../../src/main/engine/catalog';
import { loadPack } from '../../src/main/engine/models/pack';
import { DataDir } from '../../src/main/engine/util/data-dir';
import { HnswIndex } from '../../src/main/engine/vectors';
import { rng, randomUnit } from '../../test/unit/vectors/helpers';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const DATA = join(values.root ?? '/tmp/glimpse-library-scale-250000', 'data');
const dirs = new DataDir(DATA);
const cat = Catalog.open(dirs.catalogDb, { readonly: true });
const pack = loadPack(join(DATA, 'models', 'bench-pack'));
const idx = await HnswIndex.openAsync({ dir: dirs.indexesDir, source: cat.vectors.source('images', pack.name), dim: pack.embedDim });
await idx.whenIdle();
const ids = cat.vectors.source('images', pack.name).ids();
const r = rng(7);
const pct = (a: number[], p: number): number => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
for (const size of [5_000, 10_000, 25_000, 60_000, 100_000]) {
  const allowed = new Set<number>();
  while (allowed.size < size) allowed.add(ids[Math.floor(r() * ids.length)]!);
  const out: Record<string, number> = { size };
  for (const [name, exactScanMax] of [['graph', 0], ['exact', Infinity]] as const) {
    const lat: number[] = [];
    for (let i = 0; i < 15; i++) {
      const q = randomUnit(pack.embedDim, r);
      const t = performance.now();
      idx.knn(q, 100, { allowed, exactScanMax });
      lat.push(performance.now() - t);
    }
    out[`${name}P50Ms`] = Math.round(pct(lat, 0.5) * 10) / 10;
    out[`${name}P95Ms`] = Math.round(pct(lat, 0.95) * 10) / 10;
  }
  console.log(JSON.stringify(out));
}
idx.close();
cat.close();
