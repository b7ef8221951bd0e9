// A model pack on disk in the Immich Hugging Face layout: config.json, visual/{model.onnx,
// preprocess_cfg.json}, textual/{model.onnx, tokenizer.json, tokenizer_config.json}. loadPack()
// validates the layout and the JSON (zod) and returns everything the embedder needs; a broken pack
// is a GlimpseError('model-invalid') naming the file at fault.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { GlimpseError } from '../../../shared/errors';
import type { TextCleanMode } from './text-clean';

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
  /** Text cleaning the pack was made for: 'canonicalize' (SigLIP) or whitespace only (null). */
  textClean: TextCleanMode;
  /** NLLB text towers read a FLORES-200 language code in front of the text. */
  nllb: boolean;
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
  text_cfg: z.object({
    context_length: z.number().int().positive().optional(),
    tokenizer_kwargs: z.object({ clean: z.string().optional() }).passthrough().nullish(),
  }).passthrough().optional(),
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

/**
 * The family, as Immich tells it: from the name (its packs are named after their models) and,
 * for packs imported under another name, from config.json (SigLIP: canonicalize cleaning, last-token
 * or MAP pooling) and the tokenizer (M-CLIP's XLM-R tokenizer). The text graph's inputs settle the
 * M-CLIP question again at load (session-signature.ts).
 */
function detectFamily(name: string, config: z.infer<typeof ConfigJson>, dir: string): ModelPack['family'] {
  const n = name.toLowerCase();
  if (n.includes('siglip')) return 'siglip';
  if (n.includes('xlm') || n.includes('mclip') || n.startsWith('m-clip') || n.includes('labse') || n.includes('multilingual')) return 'mclip';
  const text = (config.text_cfg ?? {}) as Record<string, unknown>;
  const vision = (config.vision_cfg ?? {}) as Record<string, unknown>;
  if (text.tokenizer_kwargs && (text.tokenizer_kwargs as { clean?: string }).clean === 'canonicalize') return 'siglip';
  if (text.pool_type === 'last' || vision.timm_pool === 'map') return 'siglip';
  if (typeof config.model_type === 'string' && config.model_type.toLowerCase().includes('siglip')) return 'siglip';
  try {
    const tc = JSON.parse(readFileSync(join(dir, 'textual', 'tokenizer_config.json'), 'utf8')) as { tokenizer_class?: string };
    if (/xlm|roberta|bert/i.test(tc.tokenizer_class ?? '')) return 'mclip';
  } catch {
    // no tokenizer_config.json: keep 'clip'
  }
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
    family: detectFamily(packName, config, dir),
    preprocess: {
      size,
      mean: pre.mean,
      std: pre.std,
      interpolation: normaliseInterpolation(pre.interpolation),
      resizeMode: normaliseResizeMode(pre.resize_mode),
      fillColor: pre.fill_color,
    },
    textClean: config.text_cfg?.tokenizer_kwargs?.clean === 'canonicalize' ? 'canonicalize' : null,
    nllb: packName.toLowerCase().startsWith('nllb'),
    visualModelPath,
    textualModelPath,
    tokenizerJsonPath,
    tokenizerConfigPath: existsSync(tokenizerConfigPath) ? tokenizerConfigPath : null,
    specialTokensMapPath: existsSync(specialTokensMapPath) ? specialTokensMapPath : null,
    bytes,
  };
}
