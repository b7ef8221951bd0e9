// Large result sets (issue 19): N generated photos whose names all hold "holiday" (catalog rows
// written directly in SQL, real SQLite + FTS5 triggers; no images decoded), searched through the
// real SearchService without a model (the keyword side is what grows with the number of matches).
//
// Reports, per sort (relevance, newest first):
// - cold: a query the service has not seen (a fresh SearchService each time), first/middle/last page;
// - paging: the next pages of a query just asked (the ordered matches are kept per query);
// - the exact total, newest-first order over EVERY match (all pages walked), no id twice.
// With --baseline DIR (a checkout of an older commit, e.g. `git archive <rev> src test/helpers
// resources package.json tsconfig.json | tar -x -C DIR` and node_modules linked into it), the same
// cases run interleaved against that commit's SearchService on the same catalog (a read-only
// second connection), so the before/after ratio comes from one run on the same (shared) machine.
//
//   npx tsx bench/search-scale/run.ts [--n 100000] [--runs 5] [--baseline /tmp/base19]
//   (JSON in bench/results/search-scale.json)
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { Catalog } from '../../src/main/engine/catalog/catalog';
import { SearchService } from '../../src/main/engine/search/search-service';
import { tempDir } from '../../test/helpers/paths';
import { writeResult } from '../common';
import { generateHolidayPhotos } from './generate';

const { values } = parseArgs({ options: { n: { type: 'string' }, runs: { type: 'string' }, baseline: { type: 'string' } } });
const N = Number(values.n ?? 100_000);
const RUNS = Number(values.runs ?? 5);
const dir = tempDir('glimpse-bench-scale-');
const dbPath = join(dir.path, 'catalog.sqlite');
const cat = Catalog.open(dbPath);

let t0 = performance.now();
generateHolidayPhotos(cat, N);
const generateSeconds = (performance.now() - t0) / 1000;
console.error(`generated ${N} files in ${generateSeconds.toFixed(1)} s`);

type Service = { search: SearchService['search'] };
type Impl = { name: string; fresh(): Service };
const impls: Impl[] = [{ name: 'current', fresh: () => new SearchService(cat, null) }];
let baseCat: { close(): void } | null = null;
if (values.baseline) {
  const root = resolve(values.baseline);
  const { Catalog: BaseCatalog } = (await import(pathToFileURL(join(root, 'src/main/engine/catalog/catalog.ts')).href)) as { Catalog: typeof Catalog };
  const { SearchService: BaseService } = (await import(pathToFileURL(join(root, 'src/main/engine/search/search-service.ts')).href)) as { SearchService: typeof SearchService };
  // A baseline older than the catalog's schema refuses to open it; its read path only needs the
  // tables it knows (later migrations add columns), so it gets a plain read-only connection then.
  let bc: Catalog;
  try {
    bc = BaseCatalog.open(dbPath, { readonly: true });
  } catch {
    const Ctor = BaseCatalog as unknown as new (db: Database.Database, path: string, skipJobRecovery: boolean) => Catalog;
    bc = new Ctor(new Database(dbPath, { readonly: true }), dbPath, true);
  }
  baseCat = bc;
  impls.unshift({ name: 'baseline', fresh: () => new BaseService(bc as never, null) });
}

const pageSize = 50;
const lastPage = Math.ceil(N / pageSize) - 1;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ask = (s: Service, sort: 'relevance' | 'date', page: number, size = pageSize) =>
  s.search({ query: 'holiday', filters: { type: 'all' }, sort, page, pageSize: size, includeBelowCutoff: false });

const cold: Record<string, Record<string, number[]>> = {};
const paging: Record<string, Record<string, number[]>> = {};
const totals = new Set<number>();
for (let r = 0; r < RUNS; r++) {
  for (const sort of ['relevance', 'date'] as const) {
    for (const page of [0, Math.floor(lastPage / 2), lastPage]) {
      for (const impl of impls) {
        const s = impl.fresh();
        t0 = performance.now();
        const res = await ask(s, sort, page);
        ((cold[impl.name] ??= {})[`${sort}-page-${page}`] ??= []).push(performance.now() - t0);
        totals.add(res.total);
        // The pages after it (a user scrolling on), with the same service.
        for (let p = page + 1; p <= Math.min(lastPage, page + 5); p++) {
          t0 = performance.now();
          await ask(s, sort, p);
          ((paging[impl.name] ??= {})[sort] ??= []).push(performance.now() - t0);
        }
      }
    }
  }
  console.error(`run ${r + 1}/${RUNS} done (load ${loadavg()[0]!.toFixed(1)})`);
}

// Newest first over every match: walk all pages of 500 with one service, check order and ids.
const walker = impls[impls.length - 1]!.fresh();
let prev = '9999';
let ordered = true;
const ids = new Set<number>();
let walked = 0;
t0 = performance.now();
for (let page = 0; page * 500 < N; page++) {
  const res = await ask(walker, 'date', page, 500);
  for (const r of res.results) {
    if (r.takenAt! > prev) ordered = false;
    prev = r.takenAt!;
    ids.add(r.id);
  }
  walked += res.results.length;
}
const walkSeconds = (performance.now() - t0) / 1000;
cat.close();
baseCat?.close();
dir.cleanup();

const summarize = (xs: number[]) => ({ p50: Math.round(pct(xs, 0.5)), p95: Math.round(pct(xs, 0.95)), n: xs.length });
const cases = Object.fromEntries(impls.map((i) => [i.name, Object.fromEntries(Object.entries(cold[i.name]!).map(([k, v]) => [k, summarize(v)]))]));
const pages = Object.fromEntries(impls.map((i) => [i.name, Object.fromEntries(Object.entries(paging[i.name]!).map(([k, v]) => [k, summarize(v)]))]));
const allCold = (name: string) => Object.values(cold[name]!).flat();
const ratio = values.baseline
  ? {
      coldP50: +(pct(allCold('baseline'), 0.5) / pct(allCold('current'), 0.5)).toFixed(2),
      coldP95: +(pct(allCold('baseline'), 0.95) / pct(allCold('current'), 0.95)).toFixed(2),
      pagingP95: +(pct(Object.values(paging.baseline!).flat(), 0.95) / pct(Object.values(paging.current!).flat(), 0.95)).toFixed(1),
    }
  : undefined;
const result = {
  files: N,
  generateSeconds: Math.round(generateSeconds * 10) / 10,
  runs: RUNS,
  pageSize,
  baseline: values.baseline ?? null,
  totals: [...totals],
  cold: cases,
  nextPages: pages,
  baselineOverCurrent: ratio,
  dateOrderAllPages: { ordered, results: walked, distinctIds: ids.size, seconds: +walkSeconds.toFixed(1) },
  loadAverageAtEnd: +loadavg()[0]!.toFixed(1),
  unit: 'ms',
};
console.log(JSON.stringify(result, null, 2));
writeResult('search-scale', result);
