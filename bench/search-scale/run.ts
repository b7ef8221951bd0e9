// Large result sets (issue 19): N generated photos whose names all hold "holiday" (catalog rows
// written directly through the repositories, real SQLite + FTS5 triggers; no images decoded),
// searched through the real SearchService without a model (the keyword side is what grows with
// the number of matches). Reports the exact total, whether newest-first is ordered across every
// match, and the query path's p50/p95 for relevance and date sorts at the first, a middle and the
// last page.
//
//   npx tsx bench/search-scale/run.ts [--n 100000] [--runs 7]   (JSON in bench/results/search-scale.json)
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../../src/main/engine/catalog/catalog';
import { SearchService } from '../../src/main/engine/search/search-service';
import { tempDir } from '../../test/helpers/paths';
import { writeResult } from '../common';

const { values } = parseArgs({ options: { n: { type: 'string' }, runs: { type: 'string' } } });
const N = Number(values.n ?? 100_000);
const RUNS = Number(values.runs ?? 7);
const dir = tempDir('glimpse-bench-scale-');
const cat = Catalog.open(join(dir.path, 'catalog.sqlite'));

// Rows are generated in SQL (recursive CTE) so 100k files take seconds; the FTS triggers and
// glimpse_fold run for each row exactly as they do for indexed files.
let t0 = performance.now();
const folder = cat.folders.add('/photos');
cat.transaction(() => {
  cat.db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${N})
    INSERT INTO contents(id, hash, kind, bytes) SELECT i + 1, 'h' || i, 'image', 1000 FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${N})
    INSERT INTO image_meta(content_id, taken_at)
      SELECT i + 1, strftime('%Y-%m-%dT%H:%M:%S', 1420070400 + ((i * 7919) % 3650) * 86400 + (i % 3) * 3600, 'unixepoch') FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${N})
    INSERT INTO files(folder_id, path, name, dir, ext, size, mtime_ms, content_id, kind, status, created_at, updated_at)
      SELECT ${folder.id}, '/photos/' || (2015 + i % 10) || '/holiday-' || i || '.jpg', 'holiday-' || i || '.jpg', '/photos/' || (2015 + i % 10),
             '.jpg', 1000, 1700000000000, i + 1, 'image', 'indexed', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;`);
});
console.error(`generated ${N} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
cat.keywords.optimize();
const generateSeconds = (performance.now() - t0) / 1000;
const service = new SearchService(cat, null);
const pageSize = 50;
const lastPage = Math.ceil(N / pageSize) - 1;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const cases: Record<string, { p50: number; p95: number; total: number }> = {};
for (const sort of ['relevance', 'date'] as const) {
  for (const page of [0, Math.floor(lastPage / 2), lastPage]) {
    const ms: number[] = [];
    let total = 0;
    for (let r = 0; r < RUNS; r++) {
      t0 = performance.now();
      const res = await service.search({ query: 'holiday', filters: { type: 'all' }, sort, page, pageSize, includeBelowCutoff: false });
      ms.push(performance.now() - t0);
      total = res.total;
    }
    console.error(`${sort} page ${page}: ${ms.map(Math.round).join(', ')} ms`);
    cases[`${sort}-page-${page}`] = { p50: Math.round(pct(ms, 0.5)), p95: Math.round(pct(ms, 0.95)), total };
  }
}
// Newest first across pages: every 20th page of 500, each sorted and none newer than the page
// before it, no id seen twice. The complete
// walk over every page is the 10,500-file unit test (test/unit/search/large-result-set.test.ts).
let prev = '9999';
let ordered = true;
const ids = new Set<number>();
let sampled = 0;
for (let page = 0; page * 500 < N; page += 20) {
  const res = await service.search({ query: 'holiday', filters: { type: 'all' }, sort: 'date', page, pageSize: 500, includeBelowCutoff: false });
  for (const r of res.results) {
    if (r.takenAt! > prev) ordered = false;
    prev = r.takenAt!;
    ids.add(r.id);
  }
  sampled += res.results.length;
}
const seen = ids.size === sampled ? sampled : -1;
cat.close();
dir.cleanup();
const result = { files: N, generateSeconds: Math.round(generateSeconds * 10) / 10, runs: RUNS, pageSize, cases, sampledDateOrder: ordered, sampledResults: seen, unit: 'ms' };
console.log(JSON.stringify(result, null, 2));
writeResult('search-scale', result);
