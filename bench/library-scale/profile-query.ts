// Warm queries on the prepared bench library, opened read-only (never modified): where the time of
// a search goes, per filter, the first query with each filter included.
//
//   node --import tsx bench/library-scale/profile-query.ts --root=/tmp/glimpse-library-scale-250000
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/library-scale/profile-query.ts --mode=repeat --sort=date
//
// --mode=scenario (default): run.ts's warm-query measure: the text embeddings warmed with
//   {type: image}, then its 4 filters x 20 queries, each (query, filters, sort) once, the encoder's
//   time (timings.embedMs, ~0) subtracted. Prints p50/p95 per filter, the first query with each
//   filter, the slowest queries with their timings, and one JSON line (`--json=FILE` writes it).
// --mode=repeat: a few queries with one filter (--type, --sort), repeated --n times with fresh
//   ranked sets (the page size varies), for a CPU profile of the warm path.
// --engine=DIR: the engine to load (a baseline checkout's src/main/engine/index.ts), so before and
//   after run in the same way: interleave processes of both and compare ratios of the same run.
// --settle=MS: wait after open before querying (background work after open, e.g. a filter index).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { EngineHost, openEngine as OpenEngine } from '../../src/main/engine';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    mode: { type: 'string' },
    n: { type: 'string' },
    sort: { type: 'string' },
    type: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'string' },
    settle: { type: 'string' },
    label: { type: 'string' },
  },
});
const ROOT = values.root ?? '/tmp/glimpse-library-scale-250000';
const DATA = join(ROOT, 'data');
const LIB = join(ROOT, 'lib');
const enginePath = values.engine ? resolve(values.engine) : resolve(import.meta.dirname, '../../src/main/engine/index.ts');
const { openEngine } = (await import(pathToFileURL(enginePath).href)) as { openEngine: typeof OpenEngine };

const r1 = (x: number): number => Math.round(x * 10) / 10;
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

// The same queries and filters as bench/library-scale/run.ts.
const QUERIES = [
  'a dog on the beach', 'sunset over the sea', 'birthday cake with candles', 'a red car', 'mountains with snow',
  'a cat sleeping on a sofa', 'city street at night', 'people at a wedding', 'a plate of food', 'an airplane in the sky',
  'children playing football', 'a boat on a lake', 'flowers in a garden', 'a bicycle', 'a horse in a field',
  'the eiffel tower', 'a receipt', 'meeting notes', 'quarterly report', 'a train station',
];
const FILTERS = [
  { name: 'photos after 2019, by date', req: { filters: { type: 'image' as const, after: '2019-01-01' }, sort: 'date' as const } },
  { name: 'photos with GPS from one camera, by date', req: { filters: { type: 'image' as const, hasGps: true, camera: 'Canon EOS R5' }, sort: 'date' as const } },
  { name: 'everything, by relevance', req: { filters: { type: 'all' as const }, sort: 'relevance' as const } },
  { name: 'documents in one folder, 2 years', req: { filters: { type: 'document' as const, folder: join(LIB, 'documents', 'area-3') }, sort: 'relevance' as const } },
];

const t0 = performance.now();
const e: EngineHost = await openEngine({ dataDir: DATA, providers: ['cpu'], ocr: false, lock: { command: 'bench profile', readOnly: true } });
const openMs = performance.now() - t0;
if (values.settle) await new Promise((r) => setTimeout(r, Number(values.settle)));

if ((values.mode ?? 'scenario') === 'scenario') {
  const load0 = loadavg()[0]!;
  // As run.ts: the first query, then every other text once (embeddings cached afterwards).
  await e.search({ query: QUERIES[0]!, filters: { type: 'image' }, sort: 'relevance' });
  for (const q of QUERIES.slice(1)) await e.search({ query: q, filters: { type: 'image' } });
  const perFilter = [];
  const all: number[] = [];
  const slow: { ms: number; filter: string; query: string; total: number; timings: unknown }[] = [];
  for (const f of FILTERS) {
    const lat: number[] = [];
    for (const q of QUERIES) {
      const a = performance.now();
      const res = await e.search({ query: q, ...f.req, pageSize: 50 });
      const ms = performance.now() - a - (res.timings?.embedMs ?? 0);
      lat.push(ms);
      slow.push({ ms: r1(ms), filter: f.name, query: q, total: res.total, timings: res.timings });
    }
    all.push(...lat);
    perFilter.push({ filter: f.name, p50Ms: r1(pct(lat, 0.5)), p95Ms: r1(pct(lat, 0.95)), firstWithFilterMs: r1(lat[0]!), latenciesMs: lat.map(r1) });
  }
  const out = {
    label: values.label ?? enginePath,
    at: new Date().toISOString(),
    load: [r1(load0), r1(loadavg()[0]!)],
    openMs: Math.round(openMs),
    p50Ms: r1(pct(all, 0.5)),
    p95Ms: r1(pct(all, 0.95)),
    maxMs: r1(Math.max(...all)),
    perFilter,
    slowest: [...slow].sort((a, b) => b.ms - a.ms).slice(0, Number(values.n ?? 6)),
    queries: slow,
  };
  for (const p of perFilter) console.log(`${p.filter.padEnd(42)} p50 ${p.p50Ms} ms  p95 ${p.p95Ms} ms  first ${p.firstWithFilterMs} ms`);
  console.log(`all: p50 ${out.p50Ms} ms  p95 ${out.p95Ms} ms  max ${out.maxMs} ms  (open ${out.openMs} ms, load ${out.load.join(' -> ')})`);
  for (const s of out.slowest) console.log(`  ${s.ms} ms  ${s.filter} / "${s.query}" (${s.total}): ${JSON.stringify(s.timings)}`);
  console.log(JSON.stringify(out));
  if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
} else {
  const texts = QUERIES.slice(0, 8);
  const sort = (values.sort ?? 'date') as 'date' | 'relevance';
  const filters = { type: (values.type ?? 'image') as 'image', after: '2019-01-01' };
  for (const q of texts) await e.search({ query: q, filters, sort, pageSize: 1 });
  // Ranked sets are kept per query text: vary the letters' case (the embedding cache ignores it),
  // so every call collects again.
  const variant = (q: string, i: number): string => [...q].map((c, j) => (j < 12 && (i + 1) & (1 << j) ? c.toUpperCase() : c)).join('');
  for (let i = 0; i < Number(values.n ?? 3); i++) {
    for (const q of texts) {
      const t = performance.now();
      const r = await e.search({ query: variant(q, i), filters, sort });
      console.log(JSON.stringify({ ms: Math.round(performance.now() - t), q, total: r.total, timings: r.timings }));
    }
  }
}
await e.close();
