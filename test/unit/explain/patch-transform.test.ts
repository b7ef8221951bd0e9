// The graph transform that adds per-patch embeddings: recognised export styles (HF, open_clip CLS and
// mean pooling, decomposed LayerNorm + Gemm, LND layout), refusal of a non-ViT head, and equivalence
// on the tiny CLIP fixture: its CLS token sent through the cloned head reproduces the pack's embedding.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../src/main/engine/explain/onnx-model';
import { preparePatchModel } from '../../../src/main/engine/explain/patch-model';
import { preparePatchModelInWorker } from '../../../src/main/engine/explain/prepare-patch-in-worker';
import { CLS_CHECK_OUTPUT, GraphNotRecognised, PATCH_OUTPUT, addPatchTokenOutputs } from '../../../src/main/engine/explain/patch-transform';
import { loadPack } from '../../../src/main/engine/models/pack';
import { preprocessImage } from '../../../src/main/engine/models/preprocess';
import { SIZE, TINY_PACK, randoms, vitLikeModel, type HeadStyle } from './onnx-builders';

const tmp = mkdtempSync(join(tmpdir(), 'glimpse-explain-tx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A built model of `style` written as <tmp>/<folder>/model.onnx; returns the folder and the path. */
function writeModel(folder: string, style: HeadStyle): { dir: string; path: string } {
  const dir = join(tmp, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'model.onnx');
  writeFileSync(path, vitLikeModel(style));
  return { dir, path };
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb);
}

async function run(bytes: Uint8Array, input: Float32Array, n: number): Promise<Record<string, ort.Tensor>> {
  const s = await ort.InferenceSession.create(bytes);
  try {
    return await s.run({ image: new ort.Tensor('float32', input, [n, 3, SIZE, SIZE]) });
  } finally {
    await s.release();
  }
}

const rows = (t: ort.Tensor, width: number) => {
  const d = t.data as Float32Array;
  return Array.from({ length: d.length / width }, (_, i) => d.subarray(i * width, (i + 1) * width));
};

describe('addPatchTokenOutputs on constructed graphs', () => {
  const dim = 6;
  const cases: [HeadStyle, 'cls' | 'mean', string][] = [
    ['hf-cls', 'cls', 'LayerNormalization>MatMul'],
    ['openclip-cls', 'cls', 'MatMul'],
    ['openclip-mean', 'mean', 'MatMul'],
    ['decomposed-gemm', 'cls', 'ReduceMean>Sub>Pow>ReduceMean>Add>Sqrt>Div>Mul>Add>Gemm'],
    ['lnd-cls', 'cls', 'LayerNormalization>MatMul'],
  ];
  for (const [style, pooling, head] of cases) {
    it(`${style}: finds ${pooling} pooling and a head of ${head}; the token path reproduces the embedding`, async () => {
      const original = vitLikeModel(style, 12, dim);
      const model = decodeModel(original);
      const info = addPatchTokenOutputs(model);
      expect(info.pooling).toBe(pooling);
      expect(info.headOps.join('>')).toBe(head);
      const x = randoms(2 * 3 * SIZE * SIZE, 99).map((v) => 2 * v);
      const before = await run(original, x, 2);
      const after = await run(encodeModel(model), x, 2);
      expect(after[PATCH_OUTPUT]!.dims).toEqual([2, 49, dim]);
      // The original output is untouched.
      expect(Array.from(after.embedding!.data as Float32Array)).toEqual(Array.from(before.embedding!.data as Float32Array));
      const emb = rows(after.embedding!, dim);
      const patches = rows(after[PATCH_OUTPUT]!, dim);
      for (let i = 0; i < 2; i++) {
        let pooled: Float32Array;
        if (pooling === 'cls') pooled = rows(after[CLS_CHECK_OUTPUT]!, dim)[i]!;
        else {
          pooled = new Float32Array(dim);
          for (let p = 0; p < 49; p++) for (let k = 0; k < dim; k++) pooled[k]! += patches[i * 49 + p]![k]! / 49;
        }
        expect(cosine(pooled, emb[i]!)).toBeGreaterThan(0.99999);
      }
      // Patch tokens differ from patch to patch (the head really ran per token, not on the pooled row).
      expect(cosine(patches[0]!, patches[48]!)).toBeLessThan(0.9999);
    });
  }

  it('a uniform image gives every patch the CLS embedding (same head on every token)', async () => {
    const model = decodeModel(vitLikeModel('hf-cls', 12, dim));
    addPatchTokenOutputs(model);
    const x = new Float32Array(3 * SIZE * SIZE).fill(0.7);
    const out = await run(encodeModel(model), x, 1);
    const emb = (out.embedding!.data as Float32Array).slice(0, dim);
    for (const p of rows(out[PATCH_OUTPUT]!, dim)) expect(cosine(p, emb)).toBeGreaterThan(0.99999);
  });

  it('refuses a head that mixes tokens (Flatten + MatMul) and names the op', () => {
    const model = decodeModel(vitLikeModel('flatten-head', 12, dim));
    expect(() => addPatchTokenOutputs(model)).toThrow(GraphNotRecognised);
    expect(() => addPatchTokenOutputs(decodeModel(vitLikeModel('flatten-head', 12, dim)))).toThrow(/Flatten/);
  });

  it('refuses a model that already has patch_tokens', () => {
    expect(() => addPatchTokenOutputs(decodeModel(vitLikeModel('native-patch', 12, dim)))).toThrow(/already has/);
  });
});

describe('preparePatchModel', () => {
  it('tiny CLIP fixture: CLS through the cloned post-layernorm + projection reproduces the embedding (cosine >= 0.9999)', async () => {
    const pack = loadPack(TINY_PACK);
    const outDir = join(tmp, 'tiny');
    const res = await preparePatchModel(pack.visualModelPath, { outDir });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.source).toBe('transformed');
    expect(res.pooling).toBe('cls');
    expect(res.checkCosine!).toBeGreaterThanOrEqual(0.9999);
    expect(res.modelPath).toBe(join(outDir, 'model.patch.onnx'));

    // Independent check on a real photo, through the real preprocessing.
    const img = await preprocessImage('/work/shared/eval/robustness/orientation/Landscape_1.jpg', pack.preprocess);
    const out = await run(readFileSync(res.modelPath), img.tensor, 1);
    const orig = await run(readFileSync(pack.visualModelPath), img.tensor, 1);
    expect(out[PATCH_OUTPUT]!.dims).toEqual([1, 49, 32]);
    const cos = cosine(out[CLS_CHECK_OUTPUT]!.data as Float32Array, orig.embedding!.data as Float32Array);
    console.log(`tiny fixture: CLS-token path vs pack embedding cosine = ${cos.toFixed(8)}`);
    expect(cos).toBeGreaterThanOrEqual(0.9999);

    // Second call: served from the record, file not rewritten.
    const mtime = statSync(res.modelPath).mtimeMs;
    const again = await preparePatchModel(pack.visualModelPath, { outDir });
    expect(again).toEqual(res);
    expect(statSync(res.modelPath).mtimeMs).toBe(mtime);
  });

  it('records an unrecognised graph once and reports the reason', async () => {
    const { dir, path } = writeModel('flat', 'flatten-head');
    const res = await preparePatchModel(path);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.reason).toMatch(/Flatten/);
    const record = JSON.parse(readFileSync(join(dir, 'model.patch.json'), 'utf8'));
    expect(record.ok).toBe(false);
    expect(await preparePatchModel(path)).toEqual(res);
  });

  it('uses a native patch_tokens output as is', async () => {
    const { dir, path } = writeModel('native', 'native-patch');
    const res = await preparePatchModel(path);
    expect(res).toMatchObject({ ok: true, source: 'native', modelPath: path });
    expect(existsSync(join(dir, 'model.patch.onnx'))).toBe(false);
  });

  it('in a worker thread: the same result, and the model bytes it reads and writes stay out of this thread', async () => {
    const pack = loadPack(TINY_PACK);
    const modelBytes = statSync(pack.visualModelPath).size;
    const before = process.memoryUsage().arrayBuffers;
    const res = await preparePatchModelInWorker(pack.visualModelPath, { outDir: join(tmp, 'tiny-worker') });
    const grew = process.memoryUsage().arrayBuffers - before;
    // In-thread, the read model and the encoded copy (2x its size) stay until V8 collects them.
    expect(grew).toBeLessThan(modelBytes / 2);
    const inThread = await preparePatchModel(pack.visualModelPath, { outDir: join(tmp, 'tiny-thread') });
    expect(res).toEqual({ ...inThread, modelPath: join(tmp, 'tiny-worker', 'model.patch.onnx') });
    expect(readFileSync(join(tmp, 'tiny-worker', 'model.patch.onnx')).equals(readFileSync(join(tmp, 'tiny-thread', 'model.patch.onnx')))).toBe(true);
  });

  it('in a worker thread: an unrecognised graph comes back as { ok: false } with its reason, and is recorded', async () => {
    const { dir, path } = writeModel('flat-worker', 'flatten-head');
    const res = await preparePatchModelInWorker(path);
    expect(res).toMatchObject({ ok: false, reason: expect.stringMatching(/Flatten/) });
    expect(JSON.parse(readFileSync(join(dir, 'model.patch.json'), 'utf8')).ok).toBe(false);
  });
});
