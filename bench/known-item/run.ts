// Known-item search (issue 19): can someone who remembers a document's title, or its file name,
// get it as the FIRST result? Indexes the shared recipes (350 Markdown pages) and documents
// (PDF/DOCX/PPTX/HTML/... from Debian and unstructured's corpus) twice: once with a model pack
// (default: the tiny random-weight test pack, whose vector hits are noise, the worst case for
// fusion) and once with no pack at all (keyword search only). Queries:
//   recipe-title  the front-matter title of each recipe ("Apple Pie"), emoji stripped
//   doc-title     the title a document declares (PDF info, core.xml, <title>), when it has one
//   doc-name      the words of a document's file name ("R intro" for R-intro.pdf)
// The pack must not make known-item search worse: top-1 with the pack >= top-1 without.
//
//   npx tsx bench/known-item/run.ts [--pack DIR] [--full]     (JSON in bench/results/known-item.json)
// Without --full the 24 Debian PDFs (large manuals, most of the indexing time) are left out, so
// the run takes about two minutes on a shared 2-core machine.
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src/main/engine/engine';
import { extractDocument, isDocumentPath } from '../../src/main/engine/extract/documents';
import { PackStore } from '../../src/main/engine/models/pack-store';
import { tempDir } from '../../test/helpers/paths';
import { evalDir, tinyPackDir, writeResult } from '../common';
import { internals } from '../../test/helpers/engine-internals';

const { values } = parseArgs({ options: { pack: { type: 'string' }, full: { type: 'boolean' } } });
const packDir = values.pack ?? tinyPackDir;
// Real paths: the engine stores what the folder resolves to, and targets are compared with them.
const recipes = realpathSync(join(evalDir, 'recipes-based-cooking'));
const documents = realpathSync(values.full ? join(evalDir, 'documents') : join(evalDir, 'documents', 'unstructured-example-docs'));

interface Query {
  kind: 'recipe-title' | 'doc-title' | 'doc-name';
  query: string;
  target: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n.startsWith('.') ? [] : walk(p)) : [p];
  });
}

const clean = (s: string) => s.replace(/[^\p{L}\p{N}'’&\- ]+/gu, ' ').replace(/\s+/g, ' ').trim();

async function buildQueries(): Promise<Query[]> {
  const out: Query[] = [];
  for (const f of readdirSync(join(recipes, 'docs')).sort()) {
    if (!f.endsWith('.md') || f.startsWith('_')) continue;
    const path = join(recipes, 'docs', f);
    const m = readFileSync(path, 'utf8').match(/^title:\s*["']?(.*?)["']?\s*$/m);
    const q = m ? clean(m[1]!) : '';
    if (q) out.push({ kind: 'recipe-title', query: q, target: path });
  }
  const docs = walk(documents).filter(isDocumentPath).sort();
  const titles = new Map<string, string[]>();
  for (const path of docs) {
    const title = await extractDocument(path).then((d) => d.title, () => null);
    const q = title ? clean(title) : '';
    if (q) titles.set(q.toLowerCase(), [...(titles.get(q.toLowerCase()) ?? []), path]);
    const name = clean(basename(path, extname(path)).replace(/[_.-]+/g, ' '));
    if (name) out.push({ kind: 'doc-name', query: name, target: path });
  }
  // A title two documents share cannot name one of them.
  for (const [q, paths] of titles) if (paths.length === 1) out.push({ kind: 'doc-title', query: q, target: paths[0]! });
  return out;
}

async function measure(withPack: boolean, queries: Query[]) {
  const data = tempDir('glimpse-bench-known-item-');
  if (withPack) await new PackStore(join(data.path, 'models')).import(packDir, 'bench-pack');
  const engine = await Engine.open({ dataDir: data.path, providers: ['cpu'] });
  internals(engine).library.add(recipes);
  internals(engine).library.add(documents);
  const t0 = performance.now();
  await engine.indexNow();
  const indexSeconds = (performance.now() - t0) / 1000;
  const per: Record<string, { asked: number; top1: number; top3: number }> = {};
  const misses: { query: string; target: string; got: string | null }[] = [];
  for (const q of queries) {
    const res = await engine.search({ query: q.query, filters: { type: 'document' }, pageSize: 3 });
    const s = (per[q.kind] ??= { asked: 0, top1: 0, top3: 0 });
    s.asked++;
    if (res.results[0]?.path === q.target) s.top1++;
    else if (misses.length < 25) misses.push({ query: q.query, target: basename(q.target), got: res.results[0] ? basename(res.results[0].path) : null });
    if (res.results.some((r) => r.path === q.target)) s.top3++;
  }
  await engine.close();
  data.cleanup();
  const asked = Object.values(per).reduce((a, s) => a + s.asked, 0);
  const top1 = Object.values(per).reduce((a, s) => a + s.top1, 0);
  return { top1: round(top1 / asked), asked, indexSeconds: round(indexSeconds), perKind: Object.fromEntries(Object.entries(per).map(([k, s]) => [k, { ...s, top1Rate: round(s.top1 / s.asked) }])), misses };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const queries = await buildQueries();
const withPack = await measure(true, queries);
const noPack = await measure(false, queries);
const result = { pack: basename(packDir), corpus: values.full ? 'recipes + documents' : 'recipes + documents/unstructured-example-docs', queries: queries.length, withPack, noPack, packNotWorse: withPack.top1 >= noPack.top1 };
console.log(JSON.stringify({ ...result, withPack: { ...withPack, misses: withPack.misses.slice(0, 10) }, noPack: { ...noPack, misses: noPack.misses.slice(0, 10) } }, null, 2));
writeResult('known-item', result);
