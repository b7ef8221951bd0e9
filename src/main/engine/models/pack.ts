// A model pack on disk in the Immich Hugging Face layout: config.json, visual/{model.onnx,
// preprocess_cfg.json}, textual/{model.onnx, tokenizer.json, tokenizer_config.json}. loadPack()
// validates the layout and the JSON (zod) and returns everything the embedder needs; a broken pack
// is a GlimpseError('model-invalid') naming the file at fault.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { GlimpseError } from '../../../shared/errors';

export type ResizeMode = 'shortest' | 'squash' | 'longest';
export type Interpolation = 'bicubic' | 'bilinear' | 'nearest' | 'lanczos';

export interface PreprocessConfig {
  size: number;
  mean: [number, number, number];
  std: [number, number, number];
  interpolation: Interpolation;
  resizeMode: ResizeMode;
  /** Pixel value (0-255) used to pad in 'longest' mode. */
  fillColor: number;
}

export interface ModelPack {
  name: string;
  dir: string;
  embedDim: number;
  contextLength: number;
  /** 'clip' (softmax-trained CLIP), 'siglip' (sigmoid-trained), 'mclip' (multilingual text tower). */
  family: 'clip' | 'siglip' | 'mclip';
  preprocess: PreprocessConfig;
  visualModelPath: string;
  textualModelPath: string;
  tokenizerJsonPath: string;
  tokenizerConfigPath: string | null;
  specialTokensMapPath: string | null;
  /** Size on disk of the pack's files in bytes. */
  bytes: number;
}

const ConfigJson = z.object({
  embed_dim: z.number().int().positive(),
  text_cfg: z.object({ context_length: z.number().int().positive().optional() }).passthrough().optional(),
  vision_cfg: z.object({ image_size: z.union([z.number(), z.array(z.number())]).optional() }).passthrough().optional(),
}).passthrough();

const Triple = z.tuple([z.number(), z.number(), z.number()]);
const PreprocessJson = z.object({
  size: z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)]),
  mean: Triple,
  std: Triple,
  interpolation: z.string().default('bicubic'),
  resize_mode: z.string().default('shortest'),
  fill_color: z.number().default(0),
}).passthrough();

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new GlimpseError('model-invalid', `model pack is missing ${what} (${path})`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new GlimpseError('model-invalid', `model pack file ${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new GlimpseError('model-invalid', `model pack file ${what} is malformed: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

function requireFile(path: string, what: string): number {
  if (!existsSync(path)) throw new GlimpseError('model-invalid', `model pack is missing ${what} (${path})`);
  const st = statSync(path);
  if (!st.isFile() || st.size === 0) throw new GlimpseError('model-invalid', `model pack file ${what} is empty or not a file`);
  return st.size;
}

function normaliseInterpolation(s: string): Interpolation {
  const v = s.toLowerCase();
  if (v === 'bicubic' || v === 'bilinear' || v === 'nearest' || v === 'lanczos') return v;
  throw new GlimpseError('model-invalid', `unsupported interpolation "${s}" in preprocess_cfg.json`);
}

function normaliseResizeMode(s: string): ResizeMode {
  const v = s.toLowerCase();
  if (v === 'shortest' || v === 'squash' || v === 'longest') return v;
  throw new GlimpseError('model-invalid', `unsupported resize_mode "${s}" in preprocess_cfg.json`);
}

function detectFamily(name: string, config: Record<string, unknown>): ModelPack['family'] {
  const n = name.toLowerCase();
  if (n.includes('siglip')) return 'siglip';
  if (n.includes('xlm') || n.includes('mclip') || n.startsWith('m-clip') || n.includes('multilingual')) return 'mclip';
  if (typeof config.model_type === 'string' && config.model_type.toLowerCase().includes('siglip')) return 'siglip';
  return 'clip';
}

export function loadPack(dirInput: string, name?: string): ModelPack {
  const dir = resolve(dirInput);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new GlimpseError('not-found', `model pack folder not found: ${dir}`);
  const config = parseWith(ConfigJson, readJson(join(dir, 'config.json'), 'config.json'), 'config.json');
  const pre = parseWith(PreprocessJson, readJson(join(dir, 'visual', 'preprocess_cfg.json'), 'visual/preprocess_cfg.json'), 'visual/preprocess_cfg.json');
  const visualModelPath = join(dir, 'visual', 'model.onnx');
  const textualModelPath = join(dir, 'textual', 'model.onnx');
  const tokenizerJsonPath = join(dir, 'textual', 'tokenizer.json');
  let bytes = requireFile(visualModelPath, 'visual/model.onnx');
  bytes += requireFile(textualModelPath, 'textual/model.onnx');
  bytes += requireFile(tokenizerJsonPath, 'textual/tokenizer.json');
  const tokenizerConfigPath = join(dir, 'textual', 'tokenizer_config.json');
  const specialTokensMapPath = join(dir, 'textual', 'special_tokens_map.json');
  const size = Array.isArray(pre.size) ? pre.size[0]! : pre.size;
  if (Array.isArray(pre.size) && pre.size.length > 1 && pre.size[1] !== size) {
    throw new GlimpseError('model-invalid', 'non-square model input sizes are not supported');
  }
  const packName = name ?? basename(dir);
  return {
    name: packName,
    dir,
    embedDim: config.embed_dim,
    contextLength: config.text_cfg?.context_length ?? 77,
    family: detectFamily(packName, config as Record<string, unknown>),
    preprocess: {
      size,
      mean: pre.mean,
      std: pre.std,
      interpolation: normaliseInterpolation(pre.interpolation),
      resizeMode: normaliseResizeMode(pre.resize_mode),
      fillColor: pre.fill_color,
    },
    visualModelPath,
    textualModelPath,
    tokenizerJsonPath,
    tokenizerConfigPath: existsSync(tokenizerConfigPath) ? tokenizerConfigPath : null,
    specialTokensMapPath: existsSync(specialTokensMapPath) ? specialTokensMapPath : null,
    bytes,
  };
}
