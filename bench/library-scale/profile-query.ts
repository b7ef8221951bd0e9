// One warm query, repeated, under the profiler (node --cpu-prof): where the time of a search on the
// bench library goes.  node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/library-scale/profile-query.ts --root=...
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine } from '../../src/main/engine';

const { values } = parseArgs({ options: { root: { type: 'string' }, n: { type: 'string' }, sort: { type: 'string' }, type: { type: 'string' } } });
const DATA = join(values.root ?? '/tmp/glimpse-library-scale-250000', 'data');
const e = await openEngine({ dataDir: DATA, providers: ['cpu'], ocr: false, lock: { command: 'bench profile', readOnly: true } });
const texts = ['a dog on the beach', 'sunset over the sea', 'a red car', 'mountains with snow', 'a cat on a sofa', 'city at night', 'a plate of food', 'a boat on a lake'];
const filters = { type: (values.type ?? 'image') as 'image', after: '2019-01-01' };
// Warm the text embeddings with the other sort (its ranked sets are other cache entries).
for (const q of texts) await e.search({ query: q, filters, sort: values.sort === 'date' ? 'relevance' : 'date' });
for (const q of texts) {
  const t = performance.now();
  const r = await e.search({ query: q, filters, sort: (values.sort ?? 'date') as 'date' });
  console.log(JSON.stringify({ ms: Math.round(performance.now() - t), total: r.total, timings: r.timings }));
}
await e.close();
