// The text tower from an ORT-format copy of its ONNX file, kept in the data dir's cache. Creating a
// session from the .onnx parses the protobuf and copies every weight (2.4-5 s for ViT-B/32's 253 MB
// text tower on the bench machine); from the ORT-format bytes, with onnxruntime using them in place
// (`use_ort_model_bytes_directly` + `..._for_initializers`), 0.85-1.3 s at the same resident size,
// the same outputs bit for bit (measured side by side, docs/scale.md). The copy is written by
// onnxruntime itself the first time the pack is opened (`optimizedModelFilePath`: that first open
// takes a few seconds longer) and is keyed by the model file (path, size, mtime), the onnxruntime
// version and the session options, so a changed pack or runtime never loads a stale copy; a copy
// that fails to load is deleted and the .onnx used. The visual tower is not cached: from ORT format
// it measured no faster and held ~130 MB more (its MatMul weights are packed on top of the bytes).
import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { logger } from '../util/logger';

const log = logger('ort-cache');

export interface CachedSession {
  session: ort.InferenceSession;
  /** The ORT-format bytes the session runs from: must stay referenced as long as the session lives. */
  bytes: Buffer | null;
}

/** Creates a CPU session for `modelPath` through the cache in `cacheDir`. Throws what onnxruntime throws for the .onnx. */
export async function createCachedCpuSession(modelPath: string, cacheDir: string, options: ort.InferenceSession.SessionOptions): Promise<CachedSession> {
  const st = statSync(modelPath);
  const prefix = `${basename(dirname(modelPath)).replace(/[^A-Za-z0-9._-]/g, '_')}-${basename(modelPath, '.onnx')}-`;
  const key = createHash('sha1')
    .update(JSON.stringify([resolve(modelPath), st.size, st.mtimeMs, ort.env.versions.common, options.extra ?? null, options.intraOpNumThreads ?? null]))
    .digest('hex')
    .slice(0, 16);
  const cached = join(cacheDir, `${prefix}${key}.ort`);
  if (existsSync(cached)) {
    try {
      const bytes = readFileSync(cached);
      const session = await ort.InferenceSession.create(bytes, {
        ...options,
        graphOptimizationLevel: 'disabled', // optimised when the copy was written
        extra: { ...options.extra, session: { ...(options.extra?.session as object | undefined), use_ort_model_bytes_directly: '1', use_ort_model_bytes_for_initializers: '1' } },
      });
      return { session, bytes };
    } catch (err) {
      log.info(`${cached} did not load (${(err as Error).message.split('\n')[0]}); using ${modelPath}`);
      rmSync(cached, { force: true });
    }
  }
  let tmp: string | null = null;
  try {
    mkdirSync(cacheDir, { recursive: true });
    tmp = `${cached}.tmp-${process.pid}`;
  } catch {
    // an unwritable cache only costs the speed-up
  }
  const session = await ort.InferenceSession.create(modelPath, { ...options, graphOptimizationLevel: 'extended', ...(tmp ? { optimizedModelFilePath: tmp } : {}) });
  if (tmp) {
    try {
      if (statSync(tmp).size > 0) renameSync(tmp, cached);
      for (const name of readdirSync(cacheDir)) if (name.startsWith(prefix) && join(cacheDir, name) !== cached && !name.includes('.tmp-')) rmSync(join(cacheDir, name), { force: true });
    } catch (err) {
      log.info(`no ORT-format copy of ${modelPath}: ${(err as Error).message}`);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  return { session, bytes: null };
}
