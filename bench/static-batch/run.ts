// Fixed-batch packs against free-batch packs (issue 18): Immich's current exports fix every input
// dimension (batch 1), so Glimpse runs them one image at a time. This measures what that costs,
// end to end (Engine.indexNow over flickr8k photos, scan to committed vectors) and model-only
// (the visual session on tensors in memory), for the same weights exported both ways, in
// interleaved runs in one process.
//
//   /tmp/clipgen/bin/python ../shared/tools/make-random-clip.py --arch vit-b-32 --out /tmp/vit-b-32-random
//   /tmp/clipgen/bin/python ../shared/tools/make-random-clip.py --arch vit-b-32 --static --out /tmp/vit-b-32-static
//   npx tsx bench/static-batch/run.ts [--dynamic /tmp/vit-b-32-random] [--static /tmp/vit-b-32-static] [--count 400] [--runs 3]
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src/main/engine/engine';
import { ClipEmbedder } from '../../src/main/engine/models/embedder';
import { loadPack } from '../../src/main/engine/models/pack';
import { PackStore } from '../../src/main/engine/models/pack-store';
import { modelSquareRgb } from '../../src/main/engine/models/preprocess';
import { tempDir } from '../../test/helpers/paths';
import { evalDir, writeResult } from '../common';
import { internals } from '../../test/helpers/engine-internals';

const { values } = parseArgs({ options: { dynamic: { type: 'string' }, static: { type: 'string' }, count: { type: 'string' }, runs: { type: 'string' } } });
const packs = { dynamic: values.dynamic ?? '/tmp/vit-b-32-random', static: values.static ?? '/tmp/vit-b-32-static' };
const count = Number(values.count ?? 400);
const runs = Number(values.runs ?? 3);

const source = join(evalDir, 'flickr8k-test1k', 'images');
const photos = readdirSync(source).filter((f) => f.endsWith('.jpg')).sort().slice(0, count);
const folder = tempDir('glimpse-bench-static-photos-');
for (const f of photos) copyFileSync(join(source, f), join(folder.path, f));

async function endToEnd(packDir: string): Promise<{ imagesPerSec: number; indexed: number }> {
  const dir = tempDir('glimpse-bench-static-');
  try {
    await new PackStore(join(dir.path, 'models')).import(packDir, 'bench-pack');
    const engine = await Engine.open({ dataDir: dir.path, providers: ['cpu'], ocr: false, indexing: true });
    internals(engine).library.add(folder.path);
    const t0 = performance.now();
    await engine.indexNow();
    const seconds = (performance.now() - t0) / 1000;
    const status = await engine.status();
    await engine.close();
    return { imagesPerSec: photos.length / seconds, indexed: status.files.indexed };
  } finally {
    dir.cleanup();
  }
}

/** The visual model alone: 160 images in batches of 16 (a fixed-batch graph runs them one by one). */
async function modelOnly(packDir: string, rgbs: Uint8Array[]): Promise<{ imagesPerSec: number; fixedBatch: number | null }> {
  const embedder = await ClipEmbedder.open(loadPack(packDir), { providers: ['cpu'], visualInWorker: true, loadVisual: true });
  try {
    const runner = await embedder.visual();
    await embedder.embedRgbBatch(rgbs.slice(0, 16)); // warm-up
    const t0 = performance.now();
    await embedder.embedRgbBatch(rgbs);
    return { imagesPerSec: rgbs.length / ((performance.now() - t0) / 1000), fixedBatch: runner.signature.fixedBatch };
  } finally {
    await embedder.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const pre = loadPack(packs.dynamic).preprocess;
const rgbs = await Promise.all(photos.slice(0, 160).map(async (f) => (await modelSquareRgb(join(folder.path, f), pre)).rgb));
const rows: { run: number; dynamic: number; static: number; ratio: number; modelDynamic: number; modelStatic: number; modelRatio: number }[] = [];
for (let run = 0; run < runs; run++) {
  // Alternate which goes first, so drift on this shared machine does not favour one.
  const order = run % 2 === 0 ? (['dynamic', 'static'] as const) : (['static', 'dynamic'] as const);
  const e2e: Record<string, number> = {};
  const model: Record<string, number> = {};
  for (const which of order) {
    const r = await endToEnd(packs[which]);
    if (r.indexed !== photos.length) throw new Error(`${which}: indexed ${r.indexed} of ${photos.length}`);
    e2e[which] = r.imagesPerSec;
    const m = await modelOnly(packs[which], rgbs);
    model[which] = m.imagesPerSec;
    console.log(`run ${run + 1} ${which}: end-to-end ${r.imagesPerSec.toFixed(1)} images/s, model-only ${m.imagesPerSec.toFixed(1)} images/s (fixed batch ${m.fixedBatch ?? 'free'})`);
  }
  rows.push({ run: run + 1, dynamic: e2e.dynamic!, static: e2e.static!, ratio: e2e.static! / e2e.dynamic!, modelDynamic: model.dynamic!, modelStatic: model.static!, modelRatio: model.static! / model.dynamic! });
}
folder.cleanup();
const result = {
  packs,
  images: photos.length,
  runs: rows,
  medianRatio: median(rows.map((r) => r.ratio)),
  medianModelRatio: median(rows.map((r) => r.modelRatio)),
  medianImagesPerSec: { dynamic: median(rows.map((r) => r.dynamic)), static: median(rows.map((r) => r.static)) },
};
console.log(`fixed-batch / free-batch, end to end: median ${result.medianRatio.toFixed(3)} (${rows.map((r) => r.ratio.toFixed(3)).join(', ')}); model-only ${result.medianModelRatio.toFixed(3)}`);
writeResult('static-batch', result);
