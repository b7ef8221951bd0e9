// Benchmark: latency of one match explanation per method, on the tiny fixture pack and on the
// real-size random ViT-B/32 packs made by make-random-clip.py (skipped when absent):
//   /tmp/vit-b-32-random        pooled output only -> patch method via the graph transform
//   /tmp/vit-b-32-random-patch  native `patch_tokens` output
//
//   npx tsx bench/explain/run.ts [--images=6] [--budget=2000] [--packs=tiny,/tmp/vit-b-32-random,...]
//
// Per pack: patch-model preparation time (transform + self-check + write, once per pack) and its
// CLS-path cosine; cold first explanation (session open included); then per method the warm latency
// over distinct (image, text) pairs (cache never hit), with the occlusion mask count it fitted in the
// budget. For the transformed ViT-B/32 the per-patch embeddings are compared with the native export
// of the same seed (same weights) as an independent check of the transform.
// Writes bench/results/explain.json.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Explainer } from '../../src/main/engine/explain/explainer';
import { preparePatchModel } from '../../src/main/engine/explain/patch-model';
import { CLS_CHECK_OUTPUT, PATCH_OUTPUT } from '../../src/main/engine/explain/patch-transform';
import { ClipEmbedder, cosine } from '../../src/main/engine/models/embedder';
import { loadPack } from '../../src/main/engine/models/pack';
import { preprocessImage } from '../../src/main/engine/models/preprocess';
import { evalDir, tinyPackDir, writeResult } from '../common';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'];
  }),
);
const IMAGES = Number(args.images ?? 6);
const BUDGET = Number(args.budget ?? 2000);
const PACKS = (args.packs ?? `tiny,/tmp/vit-b-32-random,/tmp/vit-b-32-random-patch`).split(',').map((p) => (p === 'tiny' ? tinyPackDir : p));
const TEXTS = ['a dog on a sofa', 'a plate of food', 'people on a street', 'a red bus', 'a cat sleeping', 'a kitchen', 'a bicycle', 'a beach', 'a train', 'a bird'];

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1), p50: +q(0.5).toFixed(1), max: +s[s.length - 1]!.toFixed(1) };
};

async function runOnce(modelPath: string, tensor: Float32Array, fetches: string[]): Promise<Record<string, ort.Tensor>> {
  const s = await ort.InferenceSession.create(modelPath);
  try {
    return await s.run({ image: new ort.Tensor('float32', tensor, [1, 3, 224, 224]) }, fetches);
  } finally {
    await s.release();
  }
}

async function benchPack(dir: string, images: string[], tmp: string): Promise<Record<string, unknown>> {
  const pack = loadPack(dir);
  const patchDir = join(tmp, pack.name);
  const out: Record<string, unknown> = { pack: pack.name, dir, embedDim: pack.embedDim };

  const t0 = performance.now();
  const patch = await preparePatchModel(pack.visualModelPath, { outDir: patchDir });
  out.patchModel = { ...patch, prepareMs: Math.round(performance.now() - t0) };
  console.log(`[${pack.name}] patch model: ${JSON.stringify(out.patchModel)}`);

  if (patch.ok && patch.source === 'transformed') {
    // Independent equivalence check on a real photo through the real preprocessing.
    const img = await preprocessImage(images[0]!, pack.preprocess);
    const r = await runOnce(patch.modelPath, img.tensor, ['embedding', CLS_CHECK_OUTPUT, PATCH_OUTPUT]);
    const clsCos = cosine(r.embedding!.data as Float32Array, r[CLS_CHECK_OUTPUT]!.data as Float32Array);
    const check: Record<string, unknown> = { clsPathCosineOnPhoto: +clsCos.toFixed(8) };
    const native = `${dir}-patch/visual/model.onnx`;
    if (existsSync(native)) {
      const n = await runOnce(native, img.tensor, ['embedding', PATCH_OUTPUT]);
      const sameWeights = cosine(n.embedding!.data as Float32Array, r.embedding!.data as Float32Array);
      const a = r[PATCH_OUTPUT]!.data as Float32Array, b = n[PATCH_OUTPUT]!.data as Float32Array;
      let worst = 1;
      const d = pack.embedDim;
      for (let p = 0; p < a.length / d; p++) worst = Math.min(worst, cosine(a.subarray(p * d, (p + 1) * d), b.subarray(p * d, (p + 1) * d)));
      Object.assign(check, { nativeExport: native, embeddingCosineVsNative: +sameWeights.toFixed(8), worstPatchCosineVsNative: +worst.toFixed(8) });
    }
    out.transformCheck = check;
    console.log(`[${pack.name}] transform check: ${JSON.stringify(check)}`);
  }

  const embedder = await ClipEmbedder.open(pack, { providers: ['cpu'] });
  const ex = new Explainer({ pack, queryEncoder: embedder, cacheDir: null, patchModelDir: patchDir, providers: ['cpu'], budgetMs: BUDGET });
  try {
    const tc = performance.now();
    const cold = await ex.explainMatch({ target: images[0]!, query: { text: 'cold start' }, method: 'auto' });
    out.coldFirstExplanationMs = Math.round(performance.now() - tc);
    out.autoMethod = cold.method;
    const methods: Record<string, unknown> = {};
    for (const method of patch.ok ? (['patch', 'occlusion'] as const) : (['occlusion'] as const)) {
      const took: number[] = [];
      const masks: number[] = [];
      const parts: Record<string, number[]> = {};
      for (let i = 0; i < images.length; i++) {
        const res = await ex.explainMatch({ target: images[i]!, query: { text: `${TEXTS[i % TEXTS.length]} ${method}` }, method });
        if (res.cached || res.method !== method) throw new Error(`unexpected ${res.method} cached=${res.cached}`);
        took.push(res.tookMs);
        for (const [k, v] of Object.entries(res.timings)) (parts[k] ??= []).push(v);
        if (res.masks) masks.push(res.masks);
      }
      const meanOf = (xs: number[]) => +(xs.reduce((x, y) => x + y, 0) / xs.length).toFixed(1);
      methods[method] = {
        tookMs: stats(took),
        meanTimingsMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, meanOf(v)])),
        ...(masks.length ? { masks: stats(masks), budgetMs: BUDGET } : {}),
      };
      console.log(`[${pack.name}] ${method}: ${JSON.stringify(methods[method])}`);
    }
    out.methods = methods;
    out.visualMsPerImage = +((await ex.ready()).session.msPerImage ?? NaN).toFixed(2);
  } finally {
    await ex.close();
    await embedder.close();
  }
  return out;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg().map((v) => +v.toFixed(2));
  const imgDir = join(evalDir, 'coco2017-mini80', 'images');
  const images = readdirSync(imgDir).filter((f) => f.endsWith('.jpg')).sort().slice(0, IMAGES).map((f) => join(imgDir, f));
  const tmp = mkdtempSync(join(tmpdir(), 'glimpse-bench-explain-'));
  const results: Record<string, unknown>[] = [];
  const skipped: string[] = [];
  try {
    for (const dir of PACKS) {
      if (!existsSync(join(dir, 'config.json'))) {
        console.log(`skipping ${dir}: not present`);
        skipped.push(dir);
        continue;
      }
      results.push(await benchPack(dir, images, tmp));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeResult('explain', {
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, loadavgAtStart: loadAtStart, loadavgAtEnd: loadavg().map((v) => +v.toFixed(2)), provider: 'cpu' },
    note: 'CPU shared with other processes; compare ratios within one run. tookMs is the whole explanation (decode, query embedding, inference, overlay).',
    images: images.length,
    budgetMs: BUDGET,
    packs: results,
    skipped,
  });
}

await main();
