// Large result sets (issue 19): N generated photos whose names all hold "holiday" (catalog rows
// written directly through the repositories, real SQLite + FTS5 triggers; no images decoded),
// searched through the real SearchService without a model (the keyword side is what grows with
// the number of matches). Reports the exact total, whether newest-first is ordered across every
// match, and the query path's p50/p95 for relevance and date sorts at the first, a middle and the
// last page.
//
//   npx tsx bench/search-scale/run.ts [--n 100000] [--runs 15]   (JSON in bench/results/search-scale.json)
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../../src/main/engine/catalog/catalog';
import { SearchService } from '../../src/main/engine/search/search-service';
import { tempDir } from '../../test/helpers/paths';
import { writeResult } from '../common';

const { values } = parseArgs({ options: { n: { type: 'string' }, runs: { type: 'string' } } });
const N = Number(values.n ?? 100_000);
const RUNS = Number(values.runs ?? 15);
const dir = tempDir('glimpse-bench-scale-');
const cat = Catalog.open(join(dir.path, 'catalog.sqlite'));

const takenAt = (i: number) => new Date(Date.UTC(2015, 0, 1) + ((i * 7919) % 3650) * 86_400_000 + (i % 3) * 3_600_000).toISOString().slice(0, 19);
let t0 = performance.now();
const folder = cat.folders.add('/photos');
cat.transaction(() => {
  for (let i = 0; i < N; i++) {
    const { file } = cat.files.upsertScanned({ folderId: folder.id, path: `/photos/${2015 + (i % 10)}/holiday-${i}.jpg`, size: 1000, mtimeMs: 1_700_000_000_000, kind: 'image' });
    const { contentId } = cat.files.attachContent(file.id, { hash: `h${i}`, kind: 'image', bytes: 1000 });
    cat.imageMeta.set(contentId, { takenAt: takenAt(i) });
    cat.files.markIndexed(file.id);
  }
});
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
    cases[`${sort}-page-${page}`] = { p50: Math.round(pct(ms, 0.5)), p95: Math.round(pct(ms, 0.95)), total };
  }
}
// Newest first across every match: walk all pages once with a big page size.
let prev = '9999';
let seen = 0;
let ordered = true;
for (let page = 0; ; page++) {
  const res = await service.search({ query: 'holiday', filters: { type: 'all' }, sort: 'date', page, pageSize: 500, includeBelowCutoff: false });
  for (const r of res.results) {
    if (r.takenAt! > prev) ordered = false;
    prev = r.takenAt!;
  }
  seen += res.results.length;
  if (res.results.length < 500) break;
}
cat.close();
dir.cleanup();
const result = { files: N, generateSeconds: Math.round(generateSeconds * 10) / 10, runs: RUNS, pageSize, cases, dateOrderedAcrossAll: ordered, pagedThrough: seen, unit: 'ms' };
console.log(JSON.stringify(result, null, 2));
writeResult('search-scale', result);
