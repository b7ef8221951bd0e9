// Finds or makes the per-patch visual model of a pack, once: a pack whose visual model already has a
// `patch_tokens` output is used as is; otherwise the graph is transformed (patch-transform.ts), checked
// in onnxruntime (the cloned head's CLS / mean-pooled path must reproduce the pack's own embedding to
// cosine >= 0.9999 on a random input) and written next to the original as model.patch.onnx with a
// model.patch.json record. A failed transform is recorded too, so it is not retried on every start;
// both records are keyed on the source model's size and mtime and the transform version.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { writeFileAtomic } from '../util/atomic-write';
import { logger } from '../util/logger';
import { decodeModel, encodeModel, toNum, type ModelProto } from './onnx-model';
import { CLS_CHECK_OUTPUT, GraphNotRecognised, PATCH_OUTPUT, addPatchTokenOutputs, type Pooling } from './patch-transform';

const log = logger('explain');
/** Bump when the transform changes so cached model.patch.onnx files are rebuilt. */
export const TRANSFORM_VERSION = 1;
export const MIN_CHECK_COSINE = 0.9999;

export type PatchModel =
  | { ok: true; source: 'native' | 'transformed'; modelPath: string; pooling: Pooling | 'unknown'; checkCosine: number | null }
  | { ok: false; reason: string };

interface PatchRecord {
  version: number;
  sourceSize: number;
  sourceMtimeMs: number;
  ok: boolean;
  reason?: string;
  pooling?: Pooling;
  checkCosine?: number;
}

export interface PreparePatchModelOptions {
  /** Folder for model.patch.onnx (default: the folder of the visual model, i.e. <pack>/visual). */
  outDir?: string;
  /** Session options for the self-check run. */
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

/** True if the model stores tensors in external files (those paths only resolve beside the original). */
function usesExternalData(model: ModelProto): boolean {
  return (model.graph?.initializer ?? []).some((t) => toNum(t.dataLocation) === 1);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb || 1);
}

/** Deterministic pseudo-random input in roughly the normalised-image range. */
function checkInput(n: number, size: number): Float32Array {
  const x = new Float32Array(n * 3 * size * size);
  let s = 0x9e3779b9;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    x[i] = ((s >>> 0) / 4294967296) * 4 - 2;
  }
  return x;
}

/** Input name, square size (from the graph, default 224) and fixed batch (current Immich exports: 1) of a visual model. */
export function visualInput(model: ModelProto): { name: string; size: number; fixedBatch: number | null } {
  const inits = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const input = (model.graph?.input ?? []).find((i) => !inits.has(i.name));
  const dims = input?.type?.tensorType?.shape?.dim ?? [];
  const size = toNum(dims[3]?.dimValue) || toNum(dims[2]?.dimValue) || 224;
  return { name: input?.name ?? 'image', size, fixedBatch: toNum(dims[0]?.dimValue) || null };
}

/** Runs the transformed model once and measures how well its token path reproduces the embedding. */
async function selfCheck(bytes: Uint8Array, model: ModelProto, pooling: Pooling, opts: PreparePatchModelOptions): Promise<number> {
  const session = await ort.InferenceSession.create(bytes, opts.sessionOptions ?? {});
  try {
    const { name, size, fixedBatch } = visualInput(model);
    const n = fixedBatch ?? 2;
    const feeds = { [name]: new ort.Tensor('float32', checkInput(n, size), [n, 3, size, size]) };
    const fetches = pooling === 'cls' ? ['embedding', PATCH_OUTPUT, CLS_CHECK_OUTPUT] : ['embedding', PATCH_OUTPUT];
    const out = await session.run(feeds, fetches);
    const emb = out.embedding!.data as Float32Array;
    const [, p, d] = out[PATCH_OUTPUT]!.dims as number[];
    if (!p || !d || emb.length !== n * d) throw new GraphNotRecognised(`patch_tokens has shape [${out[PATCH_OUTPUT]!.dims.join(',')}]`);
    let worst = 1;
    for (let i = 0; i < n; i++) {
      const ref = emb.subarray(i * d, (i + 1) * d);
      let mine: Float32Array;
      if (pooling === 'cls') {
        mine = (out[CLS_CHECK_OUTPUT]!.data as Float32Array).subarray(i * d, (i + 1) * d);
      } else {
        const toks = out[PATCH_OUTPUT]!.data as Float32Array;
        mine = new Float32Array(d);
        for (let t = 0; t < p; t++) for (let k = 0; k < d; k++) mine[k]! += toks[(i * p + t) * d + k]! / p;
      }
      worst = Math.min(worst, cosine(ref, mine));
    }
    return worst;
  } finally {
    await session.release();
  }
}

function readRecord(path: string, size: number, mtimeMs: number): PatchRecord | null {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as PatchRecord;
    if (r.version === TRANSFORM_VERSION && r.sourceSize === size && r.sourceMtimeMs === mtimeMs) return r;
  } catch {}
  return null;
}

/** Does the model already output per-patch embeddings? */
export function hasNativePatchOutput(model: ModelProto): boolean {
  return (model.graph?.output ?? []).some((o) => o.name === PATCH_OUTPUT);
}

function patchPaths(visualModelPath: string, opts: PreparePatchModelOptions): { outDir: string; outModel: string; outRecord: string } {
  const outDir = opts.outDir ?? dirname(visualModelPath);
  const stem = basename(visualModelPath).replace(/\.onnx$/, '');
  return { outDir, outModel: join(outDir, `${stem}.patch.onnx`), outRecord: join(outDir, `${stem}.patch.json`) };
}

/** The result recorded by an earlier preparation for this exact model file, or null (prepare it). */
export function recordedPatchModel(visualModelPath: string, opts: PreparePatchModelOptions = {}): PatchModel | null {
  return recordedFor(statSync(visualModelPath), patchPaths(visualModelPath, opts));
}

function recordedFor(st: { size: number; mtimeMs: number }, { outModel, outRecord }: { outModel: string; outRecord: string }): PatchModel | null {
  const cached = readRecord(outRecord, st.size, st.mtimeMs);
  if (cached && !cached.ok) return { ok: false, reason: cached.reason ?? 'transform failed earlier' };
  if (cached?.ok && existsSync(outModel)) {
    return { ok: true, source: 'transformed', modelPath: outModel, pooling: cached.pooling ?? 'unknown', checkCosine: cached.checkCosine ?? null };
  }
  return null;
}

/**
 * Returns the model to use for patch similarity, making model.patch.onnx if needed (call at pack
 * import time; later calls read the cached record). Never throws for graphs it cannot handle: the
 * reason comes back in { ok: false }. The engine calls it through prepare-patch-in-worker.ts.
 */
export async function preparePatchModel(visualModelPath: string, opts: PreparePatchModelOptions = {}): Promise<PatchModel> {
  const st = statSync(visualModelPath);
  const paths = patchPaths(visualModelPath, opts);
  const recorded = recordedFor(st, paths);
  if (recorded) return recorded;
  const { outDir, outModel, outRecord } = paths;
  const model = decodeModel(await readFile(visualModelPath));
  if (hasNativePatchOutput(model)) return { ok: true, source: 'native', modelPath: visualModelPath, pooling: 'unknown', checkCosine: null };
  const record = (r: Omit<PatchRecord, 'version' | 'sourceSize' | 'sourceMtimeMs'>) => {
    try {
      mkdirSync(outDir, { recursive: true });
      writeFileAtomic(outRecord, JSON.stringify({ version: TRANSFORM_VERSION, sourceSize: st.size, sourceMtimeMs: st.mtimeMs, ...r }, null, 1));
    } catch (err) {
      log.warn(`cannot write ${outRecord}: ${(err as Error).message}`);
    }
  };
  try {
    if (usesExternalData(model) && outDir !== dirname(visualModelPath)) {
      throw new GraphNotRecognised('model uses external data files, so the transformed copy must live beside it');
    }
    const started = performance.now();
    const info = addPatchTokenOutputs(model);
    const bytes = encodeModel(model);
    const cos = await selfCheck(bytes, model, info.pooling, opts);
    if (!(cos >= MIN_CHECK_COSINE)) throw new GraphNotRecognised(`token path reproduces the embedding only to cosine ${cos.toFixed(6)}`);
    mkdirSync(outDir, { recursive: true });
    writeFileAtomic(outModel, bytes);
    record({ ok: true, pooling: info.pooling, checkCosine: cos });
    log.info(`patch model written: ${outModel} (${info.pooling} pooling, head ${info.headOps.join('>')}, check cosine ${cos.toFixed(7)}, ${Math.round(performance.now() - started)} ms)`);
    return { ok: true, source: 'transformed', modelPath: outModel, pooling: info.pooling, checkCosine: cos };
  } catch (err) {
    const reason = err instanceof GraphNotRecognised ? err.message : `transform failed: ${(err as Error).message}`;
    log.warn(`no patch model for ${visualModelPath}: ${reason}; explanations will use occlusion`);
    // Only remember failures of the graph itself; I/O errors may be transient.
    if (err instanceof GraphNotRecognised) record({ ok: false, reason });
    return { ok: false, reason };
  }
}
