// The query path at 100k files (issue 19): a generated library (bench/search-scale/generate.ts:
// 100k photos named holiday-<i>.jpg in ten year folders), one long-lived SearchService as in the
// engine, no model (the keyword side is what grows with the library; HNSW at 100k is in
// bench/query-vectors). A mix of queries, each new to the service (cold: collect, order, first
// page) in both sorts, then the next five pages of each (a user scrolling). Writes its p50/p95 into
// bench/results/query.json under "scale100k", keeping the rest of that file.
//
//   npx tsx bench/query/scale.ts [--n 100000] [--rounds 2]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Catalog } from '../../src/main/engine/catalog/catalog';
import { SearchService } from '../../src/main/engine/search/search-service';
import { tempDir } from '../../test/helpers/paths';
import { repoRoot } from '../common';
import { generateHolidayPhotos } from '../search-scale/generate';

const { values } = parseArgs({ options: { n: { type: 'string' }, rounds: { type: 'string' } } });
const N = Number(values.n ?? 100_000);
const ROUNDS = Number(values.rounds ?? 2);
const dir = tempDir('glimpse-bench-query-scale-');
const cat = Catalog.open(join(dir.path, 'catalog.sqlite'));
generateHolidayPhotos(cat, N);

// Every word of the names and folders, prefixes while typing, identifiers, a rare and a missing word.
const QUERIES = ['holiday', 'holi', 'jpg', 'holiday 2019', '2021', 'holiday-4242', '4242', 'holiday-99999.jpg', 'beach', 'holiday sunset'];
const service = new SearchService(cat, null);
const cold: number[] = [];
const next: number[] = [];
const perQuery: Record<string, { total: number; coldMs: number[] }> = {};
for (let round = 0; round < ROUNDS; round++) {
  service.invalidate(); // each round starts with nothing kept, like a library that just changed
  for (const query of QUERIES) {
    for (const sort of ['relevance', 'date'] as const) {
      let t0 = performance.now();
      const res = await service.search({ query, filters: { type: 'all' }, sort, page: 0, pageSize: 50, includeBelowCutoff: false });
      const ms = performance.now() - t0;
      cold.push(ms);
      (perQuery[`${query} (${sort})`] ??= { total: res.total, coldMs: [] }).coldMs.push(Math.round(ms));
      for (let page = 1; page <= 5 && page * 50 < res.total; page++) {
        t0 = performance.now();
        await service.search({ query, filters: { type: 'all' }, sort, page, pageSize: 50, includeBelowCutoff: false });
        next.push(performance.now() - t0);
      }
    }
  }
}
cat.close();
dir.cleanup();

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const scale100k = {
  at: new Date().toISOString(),
  files: N,
  rounds: ROUNDS,
  queries: QUERIES,
  newQuery: { p50Ms: Math.round(pct(cold, 0.5)), p95Ms: Math.round(pct(cold, 0.95)), n: cold.length },
  nextPage: { p50Ms: +pct(next, 0.5).toFixed(1), p95Ms: +pct(next, 0.95).toFixed(1), n: next.length },
  perQuery,
  loadAverageAtEnd: +loadavg()[0]!.toFixed(1),
  machine: 'shared 2-core box (other sessions running)',
};
console.log(JSON.stringify(scale100k, null, 2));
const out = join(repoRoot, 'bench', 'results', 'query.json');
const current = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : { name: 'query' };
writeFileSync(out, JSON.stringify({ ...current, scale100k }, null, 2) + '\n');
console.log('wrote bench/results/query.json (scale100k)');
