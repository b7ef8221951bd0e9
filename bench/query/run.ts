// Full text-query latency with a real-size pack (issue 4): engine open, the first (cold) query,
// then warm queries over distinct Flickr8k captions, split into text-encoder time and the rest
// (keyword + HNSW + join + fusion), plus repeated queries served by the query-embedding cache.
// The HNSW recall and vector+join latency at 10k/100k are in bench/query-vectors.
//
//   npx tsx bench/query/run.ts [--pack /tmp/vit-b-32-random] [--images 200] [--queries 60]
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src/main/engine/engine';
import { PackStore } from '../../src/main/engine/models/pack-store';
import { tempDir } from '../../test/helpers/paths';
import { benchPackDir, evalDir, writeResult } from '../common';
import { internals } from '../../test/helpers/engine-internals';

const { values } = parseArgs({ options: { pack: { type: 'string' }, images: { type: 'string' }, queries: { type: 'string' } } });
const packDir = benchPackDir(values.pack);
const nImages = Number(values.images ?? 200);
const nQueries = Number(values.queries ?? 60);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const flickr = join(evalDir, 'flickr8k-test1k');
const captions = readFileSync(join(flickr, 'captions.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { captions?: string[]; caption?: string });
const texts = captions.flatMap((c) => c.captions ?? (c.caption ? [c.caption] : [])).filter((t, i, a) => a.indexOf(t) === i).slice(0, nQueries + 1);

const data = tempDir('glimpse-bench-query-');
const lib = tempDir('glimpse-bench-query-lib-');
const imgs = readdirSync(join(flickr, 'images')).filter((f) => f.endsWith('.jpg')).sort().slice(0, nImages);
for (const f of imgs) cpSync(join(flickr, 'images', f), join(lib.path, f));
await new PackStore(join(data.path, 'models')).import(packDir, 'bench-pack');
{
  const e = await Engine.open({ dataDir: data.path, providers: ['cpu'] });
  internals(e).library.add(lib.path);
  await e.indexNow();
  await e.close();
}

const t0 = performance.now();
const engine = await Engine.open({ dataDir: data.path, providers: ['cpu'] });
const openMs = performance.now() - t0;
const t1 = performance.now();
const first = await engine.search({ query: texts[0]!, filters: { type: 'image' } });
const coldMs = performance.now() - t1;

const total: number[] = [];
const embed: number[] = [];
const rest: number[] = [];
for (const q of texts.slice(1)) {
  const t = performance.now();
  const r = await engine.search({ query: q, filters: { type: 'image' } });
  const ms = performance.now() - t;
  total.push(ms);
  embed.push(r.timings!.embedMs!);
  rest.push(ms - r.timings!.embedMs!);
}
const cached: number[] = [];
for (const q of texts.slice(1, 21)) {
  const t = performance.now();
  await engine.search({ query: q, filters: { type: 'image' } });
  cached.push(performance.now() - t);
}
await engine.close();
data.cleanup();
lib.cleanup();

const result = {
  pack: packDir,
  images: imgs.length,
  queries: total.length,
  engineOpenMs: Math.round(openMs),
  coldFirstQueryMs: Math.round(coldMs),
  coldFirstQueryTimings: first.timings,
  warm: {
    p50Ms: +pct(total, 0.5).toFixed(2),
    p95Ms: +pct(total, 0.95).toFixed(2),
    textEncoderP50Ms: +pct(embed, 0.5).toFixed(2),
    restP50Ms: +pct(rest, 0.5).toFixed(2),
    textEncoderShare: +(embed.reduce((a, b) => a + b, 0) / total.reduce((a, b) => a + b, 0)).toFixed(3),
  },
  cachedRepeat: { p50Ms: +pct(cached, 0.5).toFixed(2), p95Ms: +pct(cached, 0.95).toFixed(2) },
  note: 'The Immich text graphs take a fixed [N,77] int32 input (shape ["batch", 77]), so running only the real token length is not possible without re-exporting the tower; the query cache covers repeats.',
};
console.log(JSON.stringify(result, null, 2));
writeResult('query', result);
