// Keystroke -> first results painted, in Chromium against the real `glimpse serve`, with about
// 10k indexed items (photos from ../shared/eval plus cropped variants of them, and the 350 recipe
// documents), tiny fixture pack. Usage: npx tsx bench/ui-latency/run.ts [--items 10000] [--queries 40]
// The indexed library is cached in $TMPDIR/glimpse-bench-ui-<items> between runs.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { cli, EVAL, launchBrowser, openPage, ROOT, startServe, TINY_PACK } from '../../test/e2e/helpers/harness';
import { measureQueries, summarize } from '../../test/e2e/helpers/latency';

const { values } = parseArgs({ options: { items: { type: 'string', default: '10000' }, queries: { type: 'string', default: '40' } } });
const target = Number(values.items);
const queryCount = Number(values.queries);
const base = join(tmpdir(), `glimpse-bench-ui-${target}`);
const lib = join(base, 'library');
const data = join(base, 'data');

const WORDS = ['dog', 'beach', 'man', 'woman', 'child', 'water', 'ball', 'grass', 'snow', 'bike', 'street', 'red', 'blue', 'girl', 'boy', 'running', 'playing', 'jumping', 'sitting', 'table', 'food', 'cake', 'pizza', 'cat', 'car', 'building', 'mountain', 'river', 'crowd', 'shirt', 'soup', 'chicken', 'garlic', 'bread', 'salad', 'pasta', 'rice', 'apple', 'tomato', 'cheese'];

async function buildLibrary(): Promise<void> {
  const photos = join(lib, 'photos');
  const variants = join(lib, 'variants');
  const docs = join(lib, 'docs');
  for (const d of [photos, variants, docs]) mkdirSync(d, { recursive: true });
  const sources: string[] = [];
  for (const set of ['flickr8k-test1k/images', 'coco2017-mini80/images', 'recipes-based-cooking/images']) {
    for (const f of readdirSync(join(EVAL, set))) {
      copyFileSync(join(EVAL, set, f), join(photos, f));
      sources.push(join(EVAL, set, f));
    }
  }
  const docDir = join(EVAL, 'recipes-based-cooking', 'docs');
  const docFiles = readdirSync(docDir).filter((f) => f.endsWith('.md'));
  for (const f of docFiles) copyFileSync(join(docDir, f), join(docs, f));
  const needed = target - sources.length - docFiles.length;
  console.error(`generating ${needed} cropped variants...`);
  // Each variant is a different crop of a source photo: distinct content, realistic decode cost.
  for (let i = 0; i < needed; i++) {
    const src = sources[i % sources.length]!;
    const round = Math.floor(i / sources.length) + 1;
    const img = sharp(src, { failOn: 'none' });
    const meta = await img.metadata();
    const w = meta.width ?? 224;
    const h = meta.height ?? 224;
    const frac = 0.55 + 0.05 * (round % 8);
    const cw = Math.max(32, Math.floor(w * frac));
    const ch = Math.max(32, Math.floor(h * frac));
    const left = Math.floor(((w - cw) * ((round * 37) % 100)) / 100);
    const top = Math.floor(((h - ch) * ((round * 61) % 100)) / 100);
    await img.extract({ left, top, width: cw, height: ch }).resize(224, 224, { fit: 'cover' }).jpeg({ quality: 82 }).toFile(join(variants, `v${round}-${i}.jpg`));
    if (i % 1000 === 999) console.error(`  ${i + 1}/${needed}`);
  }
}

async function ensureIndexed(): Promise<number> {
  const marker = join(base, 'indexed.json');
  if (existsSync(marker)) return (JSON.parse(readFileSync(marker, 'utf8')) as { indexed: number }).indexed;
  mkdirSync(base, { recursive: true });
  if (!existsSync(lib)) await buildLibrary();
  await cli(['--data-dir', data, 'models', 'import', TINY_PACK]);
  const t0 = Date.now();
  console.error('indexing (minutes)...');
  await cli(['--data-dir', data, '--json', 'index', lib], 3_600_000);
  const status = JSON.parse(await cli(['--data-dir', data, '--json', 'status'])) as { files: { indexed: number } };
  writeFileSync(marker, JSON.stringify({ indexed: status.files.indexed, indexSeconds: (Date.now() - t0) / 1000 }));
  return status.files.indexed;
}

const indexed = await ensureIndexed();
console.error(`${indexed} items indexed; measuring ${queryCount} queries`);
const serve = await startServe(data, ['--no-index']);
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, serve.openUrl);
  await page.getByRole('combobox', { name: 'Search photos and documents' }).waitFor();
  await measureQueries(page, ['warm', 'up', 'query']);
  const queries = Array.from({ length: queryCount }, (_, i) => WORDS[i % WORDS.length]! + (i >= WORDS.length ? ` ${WORDS[(i * 7) % WORDS.length]}` : ''));
  const samples = await measureQueries(page, queries);
  const summary = summarize(samples);
  const result = {
    bench: 'ui-latency',
    what: 'keystroke (last key of the query) -> first results painted, in Chromium, browser mode (glimpse serve), includes the 120 ms search debounce',
    indexedItems: indexed,
    pack: 'tiny-clip-immich (fixture; text encoder cost of a real pack not included)',
    debounceMs: 120,
    ...summary,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
    at: new Date().toISOString(),
    samplesDetail: samples,
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'ui-latency.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`keystroke -> results painted, ${indexed} items, ${summary.samples} queries: p50 ${summary.p50Ms} ms, p90 ${summary.p90Ms} ms, API round trip p50 ${summary.apiP50Ms} ms`);
} finally {
  await browser.close();
  await serve.stop();
}
