// Indexing throughput benchmark (issue 3): end-to-end images/s of `Engine.indexNow()` (scan, hash,
// decode, thumbnail, EXIF, embed, commit, HNSW) over ../shared/eval/flickr8k-test1k and over 200
// generated 12-megapixel JPEGs, against model-only images/s (same pack, same batch size, tensors
// already in memory). Also peak RSS and event-loop responsiveness while indexing.
//
//   npx tsx bench/index/run.ts [--pack /tmp/vit-b-32-random] [--limit N] [--runs 5] [--model-batches 30] [--skip-12mp]
// The pack defaults to GLIMPSE_BENCH_PACK or /tmp/vit-b-32-random (make it with
// ../shared/tools/make-random-clip.py --arch vit-b-32); the tiny fixture pack is used if absent.
import { execFileSync } from 'node:child_process';
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
import { eachLimited } from '../../src/main/engine/util/each-limited';
import { tempDir } from '../../test/helpers/paths';
import { benchPackDir, evalDir, writeResult } from '../common';
import { internals } from '../../test/helpers/engine-internals';

const { values } = parseArgs({
  options: { pack: { type: 'string' }, limit: { type: 'string' }, 'skip-12mp': { type: 'boolean' }, 'only-12mp': { type: 'boolean' }, 'e2e-child': { type: 'string' }, count: { type: 'string' }, runs: { type: 'string' }, 'model-batches': { type: 'string' } },
});
const packDir = benchPackDir(values.pack);
const limit = values.limit ? Number(values.limit) : Infinity;

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
rssTimer.unref();

type ModelOnlyMode = 'in-thread' | 'engine-runner';

/** Batches in each model-only measurement (--model-batches): ~11 s at ~45 images/s, long enough to average out this machine's second-to-second jitter. */
const modelBatches = values['model-batches'] ? Number(values['model-batches']) : 30;

interface ModelOnly {
  imagesPerSec: number;
  /** Process CPU (all threads) per image, and cores kept busy: what the model alone needs. */
  cpuMsPerImage: number;
  coresBusy: number;
}

/** Preprocessed tensors of the first `modelBatches` batches of images, made once per data set. */
async function modelTensors(images: string[], batch: number): Promise<Float32Array[][]> {
  const pack = loadPack(packDir);
  const sample = images.slice(0, Math.min(images.length, modelBatches * batch));
  const tensors: Float32Array[] = new Array(sample.length);
  await eachLimited(sample, 4, async (p, i) => {
    tensors[i] = (await preprocessImage(p, pack.preprocess)).tensor;
  });
  const groups: Float32Array[][] = [];
  for (let i = 0; i < tensors.length; i += batch) groups.push(tensors.slice(i, i + batch));
  return groups;
}

/**
 * Images/s of the visual model alone on preprocessed tensors already in memory, same pack and
 * batch size. 'in-thread': a default onnxruntime session run from this thread, one batch at a
 * time. 'engine-runner': exactly what indexing uses (the visual worker thread, two batches
 * in flight). The ratio is reported against the faster of the two.
 */
async function modelOnly(groups: Float32Array[][], batch: number, mode: ModelOnlyMode): Promise<ModelOnly> {
  const pack = loadPack(packDir);
  const embedder = await ClipEmbedder.open(pack, { providers: ['cpu'], imageBatch: batch, visualInWorker: mode === 'engine-runner' });
  await embedder.embedImageTensors(groups[0]!); // warm-up
  const lanes = mode === 'engine-runner' ? 2 : 1;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await eachLimited(groups, lanes, async (group) => {
    await embedder.embedImageTensors(group);
  });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await embedder.close();
  const n = groups.reduce((a, g) => a + g.length, 0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { imagesPerSec: n / secs, cpuMsPerImage: cpuMs / n, coresBusy: cpuMs / 1000 / secs };
}

async function modelOnlyBoth(groups: Float32Array[][], batch: number): Promise<Record<ModelOnlyMode, ModelOnly>> {
  return { 'in-thread': await modelOnly(groups, batch, 'in-thread'), 'engine-runner': await modelOnly(groups, batch, 'engine-runner') };
}

interface EndToEnd {
  imagesPerSec: number;
  /** Counting the open too (what `glimpse index` takes from start to finish, less process start). */
  imagesPerSecIncludingOpen: number;
  seconds: number;
  /** Engine.open() before indexNow(): text session, warm-up query, HNSW, and (alongside) the visual model load. Not in `seconds`; see imagesPerSecIncludingOpen. */
  engineOpenSeconds: number;
  indexed: number;
  /** From indexNow() to the first committed (searchable) batch: scan, model load, first batches. */
  firstCommitSeconds: number;
  /** Images/s between the first and the last commit (model loaded, pipeline full). */
  steadyImagesPerSec: number;
  /** Process CPU (all threads) per image, and cores kept busy on average. */
  cpuMsPerImage: number;
  coresBusy: number;
  /** Peak resident memory of the process while indexing (the model-only runs excluded). */
  peakRssMB: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

async function endToEnd(folder: string, count: number): Promise<EndToEnd> {
  const dir = tempDir('glimpse-bench-index-');
  try {
    const store = new PackStore(join(dir.path, 'models'));
    await store.import(packDir, 'bench-pack');
    // OCR is a separate pass after embedding (bench/ocr measures it); this is time-to-searchable.
    // Opened as `glimpse index` opens it (indexing: the visual model loads during the open, which
    // is timed on its own: engineOpenSeconds).
    const tOpen = performance.now();
    const engine = await Engine.open({ dataDir: dir.path, providers: ['cpu'], ocr: false, indexing: true });
    const engineOpenSeconds = (performance.now() - tOpen) / 1000;
    internals(engine).library.add(folder);
    const commits: [number, number][] = [];
    engine.on('progress', (p) => commits.push([performance.now(), p.done]));
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const cpu0 = process.cpuUsage();
    peakRss = process.memoryUsage().rss;
    const t0 = performance.now();
    await engine.indexNow();
    const peakRssMB = Math.round(peakRss / 1e6);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    h.disable();
    const status = await engine.status();
    await engine.close();
    const done = commits.filter(([, d]) => d > 0);
    const first = done[0]!, last = done[done.length - 1]!;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      imagesPerSec: count / seconds,
      imagesPerSecIncludingOpen: count / (seconds + engineOpenSeconds),
      seconds,
      engineOpenSeconds,
      indexed: status.files.indexed,
      firstCommitSeconds: (first[0] - t0) / 1000,
      steadyImagesPerSec: (last[1] - first[1]) / ((last[0] - first[0]) / 1000),
      cpuMsPerImage: cpuMs / count,
      coresBusy: cpuMs / 1000 / seconds,
      peakRssMB,
      loopDelayP99Ms: h.percentile(99) / 1e6,
      loopDelayMaxMs: h.max / 1e6,
    };
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

/** The end-to-end run in a fresh process: its peak RSS is the indexer's alone, not the model-only runs'. */
function endToEndInChild(folder: string, count: number): EndToEnd {
  const out = execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--pack', packDir, '--e2e-child', folder, '--count', String(count)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as EndToEnd;
}

if (values['e2e-child']) {
  console.log(JSON.stringify(await endToEnd(values['e2e-child'], Number(values.count))));
  process.exit(0);
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

// This machine's speed drifts by several percent from one minute to the next, so the end-to-end run
// is repeated (--runs, default 5) with model-only measured before, between and after them: each
// run's ratio is taken against the average of the model-only figures on either side of it, and
// the reported ratio is the median run's.
const runs = values.runs ? Number(values.runs) : 5;

interface RunRatio {
  endToEnd: EndToEnd;
  modelOnly: Record<ModelOnlyMode, ModelOnly>;
  ratio: number;
  ratioVsInThread: number;
  steadyStateRatio: number;
}

function averaged(a: ModelOnly, b: ModelOnly): ModelOnly {
  return { imagesPerSec: (a.imagesPerSec + b.imagesPerSec) / 2, cpuMsPerImage: (a.cpuMsPerImage + b.cpuMsPerImage) / 2, coresBusy: (a.coresBusy + b.coresBusy) / 2 };
}

async function compare(label: string, images: string[], folder: string): Promise<Record<string, unknown>> {
  const groups = await modelTensors(images, batch);
  const modelRuns = [await modelOnlyBoth(groups, batch)];
  const results: RunRatio[] = [];
  for (let r = 0; r < runs; r++) {
    const e2e = endToEndInChild(folder, images.length);
    modelRuns.push(await modelOnlyBoth(groups, batch));
    const [before, after] = [modelRuns[r]!, modelRuns[r + 1]!];
    const model = { 'in-thread': averaged(before['in-thread'], after['in-thread']), 'engine-runner': averaged(before['engine-runner'], after['engine-runner']) };
    const best = Math.max(model['in-thread'].imagesPerSec, model['engine-runner'].imagesPerSec);
    results.push({ endToEnd: e2e, modelOnly: model, ratio: e2e.imagesPerSec / best, ratioVsInThread: e2e.imagesPerSec / model['in-thread'].imagesPerSec, steadyStateRatio: e2e.steadyImagesPerSec / best });
    const runner = model['engine-runner'];
    console.log(
      `${label} run ${r + 1}/${runs}: end-to-end ${e2e.imagesPerSec.toFixed(2)} images/s (${images.length} in ${e2e.seconds.toFixed(1)} s after a ${e2e.engineOpenSeconds.toFixed(2)} s open, first batch searchable at ${e2e.firstCommitSeconds.toFixed(2)} s, steady ${e2e.steadyImagesPerSec.toFixed(2)}), ` +
        `${e2e.cpuMsPerImage.toFixed(1)} cpu-ms/image on ${e2e.coresBusy.toFixed(2)} cores, loop p99 ${e2e.loopDelayP99Ms.toFixed(1)} ms, peak RSS ${e2e.peakRssMB} MB; ` +
        `model-only in-thread ${model['in-thread'].imagesPerSec.toFixed(2)}, engine runner ${runner.imagesPerSec.toFixed(2)} (${runner.cpuMsPerImage.toFixed(1)} cpu-ms/image on ${runner.coresBusy.toFixed(2)} cores) -> ratio ${results.at(-1)!.ratio.toFixed(3)}`,
    );
  }
  const median = [...results].sort((a, b) => a.ratio - b.ratio)[Math.floor(results.length / 2)]!;
  console.log(
    `${label}: ratio ${median.ratio.toFixed(3)} (median of ${runs} runs: ${results.map((r) => r.ratio.toFixed(3)).join(', ')}; that run vs in-thread ${median.ratioVsInThread.toFixed(3)}, steady-state ${median.steadyStateRatio.toFixed(3)})`,
  );
  return {
    images: images.length,
    modelOnlyImagesPerSec: Math.max(median.modelOnly['in-thread'].imagesPerSec, median.modelOnly['engine-runner'].imagesPerSec),
    modelOnlyImages: groups.reduce((a, g) => a + g.length, 0),
    modelOnly: median.modelOnly,
    endToEnd: median.endToEnd,
    ratio: median.ratio,
    ratioVsInThread: median.ratioVsInThread,
    steadyStateRatio: median.steadyStateRatio,
    /** Non-model CPU per image: end-to-end CPU less the model's own (engine runner), same run. */
    overheadCpuMsPerImage: median.endToEnd.cpuMsPerImage - median.modelOnly['engine-runner'].cpuMsPerImage,
    ratios: results.map((r) => r.ratio),
    peakRssMB: Math.max(...results.map((r) => r.endToEnd.peakRssMB)),
    runs: results,
    modelOnlyMeasurements: modelRuns,
  };
}

const result: Record<string, unknown> = { pack: packDir, batch, cpuCount: (await import('node:os')).cpus().length };
console.log(`pack ${packDir}, batch ${batch}`);
if (!values['only-12mp']) result.flickr8k = await compare('flickr8k', flickr, flickrFolder);
if (!values['skip-12mp']) {
  const big = await make12mp('/tmp/glimpse-12mp', Number.isFinite(limit) ? Math.min(200, limit) : 200);
  result.jpeg12mp = await compare('12 MP', big, '/tmp/glimpse-12mp');
}
clearInterval(rssTimer);
writeResult('index', result);
