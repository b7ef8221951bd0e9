// OCR benchmark: accuracy (CER) and latency on the page-image -> PDF pairs, and the cost of OCR on
// photos without text (Flickr8k and COCO samples), where the detector should find nothing and skip
// recognition. Also records how long the event loop was blocked while pages were read.
// Usage: npx tsx bench/ocr/run.ts [--photos 20] [--repeat 2] [--max-side 960] [--threads N]
// Prints a summary and writes bench/results/ocr.json.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createOcrEngine, type OcrEngineOptions } from '../../src/main/engine/extract/ocr/index';
import { evaluatePage, readPagePairs, type PageScore } from './page-eval';

const args = process.argv.slice(2);
function arg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
const photosPerSet = arg('photos', 20);
const repeat = Math.max(1, arg('repeat', 2));
const engineOpts: OcrEngineOptions = {};
if (args.includes('--max-side')) engineOpts.maxSide = arg('max-side', 960);
if (args.includes('--threads')) engineOpts.threads = arg('threads', 0);

const EVAL = '/work/shared/eval';
const root = fileURLToPath(new URL('../..', import.meta.url));

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, mean: r1(mean), median: r1(q(0.5)), p95: r1(q(0.95)), max: r1(s[s.length - 1] ?? 0) };
}
/** CPU time of this whole process (all threads: the OCR worker and onnxruntime's pool) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
function r1(v: number): number {
  return Math.round(v * 10) / 10;
}
function r4(v: number): number {
  return Math.round(v * 10000) / 10000;
}

function photoList(dir: string, n: number): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .slice(0, n)
    .map((f) => join(dir, f));
}

const t0 = performance.now();
const engine = await createOcrEngine(engineOpts);
const loadMs = performance.now() - t0;
const pairs = readPagePairs();

// Warm-up: the first run of each session pays for memory planning.
await engine.ocr(pairs[0]!.image).catch(() => undefined);

const pages: ((PageScore & { cpuMs: number | null }) | { image: string; pdf: string; error: string })[] = [];
for (const pair of pairs) {
  const first = await evaluatePage(engine, pair);
  if ('error' in first) {
    pages.push(first);
    continue;
  }
  const times = [first.ms];
  const cpu: number[] = [];
  for (let i = 1; i < repeat; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await engine.ocr(pair.image);
    times.push(performance.now() - t);
    cpu.push(cpuMs(c));
  }
  pages.push({ ...first, ms: stats(times).median, cpuMs: cpu.length ? stats(cpu).median : null });
}
// Responsiveness: how long the event loop is blocked while pages are read (scoring excluded).
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
for (const pair of pairs) await engine.ocr(pair.image).catch(() => undefined);
loop.disable();
const eventLoopMaxBlockMs = r1(loop.max / 1e6);

const photoSets: Record<string, string[]> = {
  'flickr8k-test1k': photoList(join(EVAL, 'flickr8k-test1k/images'), photosPerSet),
  'coco2017-mini80': photoList(join(EVAL, 'coco2017-mini80/images'), photosPerSet),
};
const photos: Record<string, unknown> = {};
for (const [name, files] of Object.entries(photoSets)) {
  const all: number[] = [];
  const allCpu: number[] = [];
  const skippedMs: number[] = [];
  const skippedCpu: number[] = [];
  const withText: { file: string; lines: string[]; ms: number }[] = [];
  let detected = 0;
  for (const file of files) {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await engine.ocr(file);
    const ms = performance.now() - t;
    const cms = cpuMs(c);
    all.push(ms);
    allCpu.push(cms);
    if (r.skipped) {
      skippedMs.push(ms);
      skippedCpu.push(cms);
    } else detected++;
    if (r.lines.length) withText.push({ file: file.slice(EVAL.length + 1), lines: r.lines.map((l) => l.text), ms: r1(ms) });
  }
  photos[name] = {
    photos: files.length,
    skipped: skippedMs.length,
    detectedRegions: detected,
    withText: withText.length,
    msPerPhoto: stats(all),
    cpuMsPerPhoto: stats(allCpu),
    msPerSkippedPhoto: stats(skippedMs),
    cpuMsPerSkippedPhoto: stats(skippedCpu),
    textFound: withText,
  };
}
await engine.close();

const okPages = pages.filter((p): p is PageScore & { cpuMs: number | null } => !('error' in p));
const result = {
  when: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  engineOptions: engineOpts,
  modelLoadMs: r1(loadMs),
  cerNormalisation: 'NFKC, typographic quotes/dashes to ASCII, control characters removed, lower case, whitespace runs collapsed to one space',
  pages: pages.map((p) =>
    'error' in p
      ? { image: p.image.slice(EVAL.length + 1), error: p.error }
      : {
          image: p.image.slice(EVAL.length + 1),
          size: `${p.width}x${p.height}`,
          reference: p.referenceSource,
          referenceChars: p.referenceChars,
          lines: p.lines,
          cer: r4(p.cer),
          cerOrderFree: r4(p.cerOrderFree),
          msMedian: r1(p.ms),
          cpuMsMedian: p.cpuMs === null ? null : r1(p.cpuMs),
          detectMs: r1(p.detectMs),
          recognizeMs: r1(p.recognizeMs),
        },
  ),
  pageMs: stats(okPages.map((p) => p.ms)),
  pageCpuMs: stats(okPages.flatMap((p) => (p.cpuMs === null ? [] : [p.cpuMs]))),
  loadAverage: loadavg().map(r1),
  eventLoopMaxBlockMs,
  photos,
};

console.log(`OCR benchmark (${result.machine.cpu}, ${result.machine.cores} cores), models loaded in ${result.modelLoadMs} ms`);
for (const p of result.pages) {
  if ('error' in p) console.log(`  ${p.image}: ${p.error}`);
  else console.log(`  ${p.image} ${p.size}: CER ${(p.cer * 100).toFixed(2)}% (order-free ${(p.cerOrderFree * 100).toFixed(2)}%, ${p.reference}), ${p.lines} lines, ${p.msMedian} ms wall (detect ${p.detectMs}, read ${p.recognizeMs}), ${p.cpuMsMedian ?? '-'} ms CPU`);
}
console.log(`  pages: median ${result.pageMs.median} ms wall, ${result.pageCpuMs.median} ms CPU; event loop max block during pages ${eventLoopMaxBlockMs} ms; load average ${result.loadAverage.join(' ')}`);
type PhotoStats = Record<'msPerPhoto' | 'cpuMsPerPhoto' | 'msPerSkippedPhoto' | 'cpuMsPerSkippedPhoto', ReturnType<typeof stats>>;
for (const [name, s] of Object.entries(photos) as [string, PhotoStats & { photos: number; skipped: number; withText: number }][]) {
  console.log(
    `  ${name}: ${s.photos} photos, ${s.skipped} skipped (no text region), ${s.withText} with text; per photo ${s.msPerPhoto.mean} ms wall mean (median ${s.msPerPhoto.median}, p95 ${s.msPerPhoto.p95}), ${s.cpuMsPerPhoto.mean} ms CPU; skipped ones ${s.msPerSkippedPhoto.mean} ms wall, ${s.cpuMsPerSkippedPhoto.mean} ms CPU`,
  );
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
// bench/ocr/words.ts keeps its section ("words") in the same file.
const resultsFile = join(root, 'bench/results/ocr.json');
const previous = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { words?: unknown }) : {};
writeFileSync(resultsFile, JSON.stringify(previous.words ? { ...result, words: previous.words } : result, null, 2) + '\n');
console.log('wrote bench/results/ocr.json');
