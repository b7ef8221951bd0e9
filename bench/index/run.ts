// Indexing throughput benchmark (issue 3): end-to-end images/s of `Engine.indexNow()` (scan, hash,
// decode, thumbnail, EXIF, embed, commit, HNSW) over ../shared/eval/flickr8k-test1k and over 200
// generated 12-megapixel JPEGs, against model-only images/s (same pack, same batch size, tensors
// already in memory). Also peak RSS and event-loop responsiveness while indexing.
//
//   npx tsx bench/index/run.ts [--pack /tmp/vit-b-32-random] [--limit N] [--skip-12mp]
// The pack defaults to GLIMPSE_BENCH_PACK or /tmp/vit-b-32-random (make it with
// ../shared/tools/make-random-clip.py --arch vit-b-32); the tiny fixture pack is used if absent.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { Engine } from '../../src/main/engine/engine';
import { ClipEmbedder } from '../../src/main/engine/models/embedder';
import { loadPack } from '../../src/main/engine/models/pack';
import { PackStore } from '../../src/main/engine/models/pack-store';
import { preprocessImage } from '../../src/main/engine/models/preprocess';
import { tempDir } from '../../test/helpers/paths';
import { benchPackDir, evalDir, writeResult } from '../common';

const { values } = parseArgs({ options: { pack: { type: 'string' }, limit: { type: 'string' }, 'skip-12mp': { type: 'boolean' }, 'only-12mp': { type: 'boolean' } } });
const packDir = benchPackDir(values.pack);
const limit = values.limit ? Number(values.limit) : Infinity;

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

async function modelOnly(images: string[], batch: number): Promise<number> {
  const pack = loadPack(packDir);
  const embedder = await ClipEmbedder.open(pack, { providers: ['cpu'], imageBatch: batch });
  const sample = images.slice(0, Math.min(images.length, 10 * batch));
  const tensors = await Promise.all(sample.map(async (p) => (await preprocessImage(p, pack.preprocess)).tensor));
  await embedder.embedImageTensors(tensors.slice(0, batch)); // warm-up
  const t0 = performance.now();
  await embedder.embedImageTensors(tensors);
  const secs = (performance.now() - t0) / 1000;
  await embedder.close();
  return tensors.length / secs;
}

async function endToEnd(folder: string, count: number): Promise<{ imagesPerSec: number; seconds: number; indexed: number; loopDelayP99Ms: number; loopDelayMaxMs: number }> {
  const dir = tempDir('glimpse-bench-index-');
  try {
    const store = new PackStore(join(dir.path, 'models'));
    await store.import(packDir, 'bench-pack');
    // OCR is a separate pass after embedding (bench/ocr measures it); this is time-to-searchable.
    const engine = await Engine.open({ dataDir: dir.path, providers: ['cpu'], ocr: false });
    engine.library.add(folder);
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const t0 = performance.now();
    await engine.indexNow();
    const seconds = (performance.now() - t0) / 1000;
    h.disable();
    const status = await engine.status();
    await engine.close();
    return { imagesPerSec: count / seconds, seconds, indexed: status.files.indexed, loopDelayP99Ms: h.percentile(99) / 1e6, loopDelayMaxMs: h.max / 1e6 };
  } finally {
    dir.cleanup();
  }
}

async function make12mp(dir: string, n: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
    out.push(p);
    if (existsSync(p)) continue;
    // Smooth colour fields plus noise: compresses like a photo (~3-5 MB), not like a flat image.
    const w = 4000, h = 3000;
    const small = Buffer.alloc(40 * 30 * 3);
    for (let j = 0; j < small.length; j++) small[j] = (j * 37 + i * 101) % 256;
    await sharp(small, { raw: { width: 40, height: 30, channels: 3 } })
      .resize(w, h, { kernel: 'cubic' })
      .composite([{ input: { create: { width: w, height: h, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } }, blend: 'overlay' }])
      .jpeg({ quality: 88 })
      .toFile(p);
  }
  return out;
}

const batch = 16;
const flickrDir = join(evalDir, 'flickr8k-test1k', 'images');
let flickr = readdirSync(flickrDir).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(flickrDir, f));
let flickrFolder = resolve(flickrDir);
if (Number.isFinite(limit)) {
  flickr = flickr.slice(0, limit);
  const sub = tempDir('glimpse-bench-subset-');
  for (const f of flickr) cpSync(f, join(sub.path, f.split('/').pop()!));
  flickrFolder = sub.path;
}

const result: Record<string, unknown> = { pack: packDir, batch, cpuCount: (await import('node:os')).cpus().length };
console.log(`pack ${packDir}, batch ${batch}`);
// Model-only is measured before and after the end-to-end run and averaged: this machine's load
// drifts, and a ratio is only fair when both sides saw the same conditions.
if (!values['only-12mp']) {
  const modelBefore = await modelOnly(flickr, batch);
  const e2e = await endToEnd(flickrFolder, flickr.length);
  const modelAfter = await modelOnly(flickr, batch);
  const model = (modelBefore + modelAfter) / 2;
  console.log(`model-only: ${modelBefore.toFixed(2)} / ${modelAfter.toFixed(2)} images/s (before/after)`);
  console.log(`end-to-end flickr8k (${flickr.length}): ${e2e.imagesPerSec.toFixed(2)} images/s, ratio ${(e2e.imagesPerSec / model).toFixed(3)}, loop p99 ${e2e.loopDelayP99Ms.toFixed(1)} ms`);
  result.flickr8k = { images: flickr.length, modelOnlyImagesPerSec: model, modelOnlyBeforeAfter: [modelBefore, modelAfter], endToEnd: e2e, ratio: e2e.imagesPerSec / model };
}
if (!values['skip-12mp']) {
  const big = await make12mp('/tmp/glimpse-12mp', Number.isFinite(limit) ? Math.min(200, limit) : 200);
  const m1 = await modelOnly(big, batch);
  const e2e12 = await endToEnd('/tmp/glimpse-12mp', big.length);
  const model12 = (m1 + (await modelOnly(big, batch))) / 2;
  console.log(`end-to-end 12 MP (${big.length}): ${e2e12.imagesPerSec.toFixed(2)} images/s vs model-only ${model12.toFixed(2)}, ratio ${(e2e12.imagesPerSec / model12).toFixed(3)}`);
  result.jpeg12mp = { images: big.length, modelOnlyImagesPerSec: model12, endToEnd: e2e12, ratio: e2e12.imagesPerSec / model12 };
}
clearInterval(rssTimer);
result.peakRssMB = Math.round(peakRss / 1e6);
console.log(`peak RSS ${result.peakRssMB} MB`);
writeResult('index', result);
