// What a pack's ONNX sessions take and give, read from the sessions' own metadata rather than
// assumed: Immich packs come in several export forms (free batch or a fixed batch of 1; float32
// NCHW images or uint8 NHWC RGB normalised inside the graph; `text` or M-CLIP's `input_ids` +
// `attention_mask`, as int32 or int64; a free or fixed text length). The runners adapt to these.
import type * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../shared/errors';

/** Subset of an ort session that the signature readers need (also what a worker reports back). */
export interface SessionIo {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
}

export interface VisualSignature {
  inputName: string;
  /** 'float': normalised float32 [N,3,S,S]; 'uint8': raw RGB bytes [N,S,S,3], normalised in the graph. */
  pixels: 'float' | 'uint8';
  /** A number when the graph fixes the batch (1 in current Immich exports), null when it is free. */
  fixedBatch: number | null;
  /** Side of the model square when the graph fixes it. */
  size: number | null;
  /** The embedding output ('embedding' in Immich packs, else the first). */
  outputName: string;
}

export interface TextSignature {
  /** 'clip': one `text` input; 'mclip': `input_ids` + `attention_mask`. */
  style: 'clip' | 'mclip';
  /** Integer type of the token inputs, as the graph declares it. */
  idType: 'int32' | 'int64';
  fixedBatch: number | null;
  /** Token count when the graph fixes it (it then overrides config.json's context_length). */
  fixedLength: number | null;
  outputName: string;
}

function tensorMeta(io: SessionIo, name: string): { type: string; shape: readonly (number | string)[] } {
  const meta = io.inputMetadata.find((m) => m.name === name);
  if (!meta || !meta.isTensor) throw new GlimpseError('model-invalid', `model input "${name}" is not a tensor`);
  return { type: meta.type, shape: meta.shape };
}

/** A dimension's fixed size, or null when it is symbolic (a name or -1). */
function fixedDim(d: number | string | undefined): number | null {
  return typeof d === 'number' && d > 0 ? d : null;
}

function embeddingOutput(io: SessionIo): string {
  return io.outputNames.includes('embedding') ? 'embedding' : io.outputNames[0]!;
}

export function visualSignature(io: SessionIo): VisualSignature {
  const inputName = io.inputNames.includes('image') ? 'image' : io.inputNames[0];
  if (!inputName || io.inputNames.length !== 1) throw new GlimpseError('model-invalid', `visual model has inputs [${io.inputNames.join(', ')}], expected one image input`);
  const { type, shape } = tensorMeta(io, inputName);
  if (shape.length !== 4) throw new GlimpseError('model-invalid', `visual model input "${inputName}" has rank ${shape.length}, expected 4`);
  let pixels: VisualSignature['pixels'];
  let size: number | null;
  if (type === 'float32' && (shape[1] === 3 || typeof shape[1] === 'string')) {
    pixels = 'float';
    size = fixedDim(shape[2]) ?? fixedDim(shape[3]);
  } else if (type === 'uint8' && (shape[3] === 3 || typeof shape[3] === 'string')) {
    pixels = 'uint8';
    size = fixedDim(shape[1]) ?? fixedDim(shape[2]);
  } else {
    throw new GlimpseError('model-invalid', `visual model input "${inputName}" is ${type} [${shape.join(',')}]; supported: float32 [N,3,S,S] or uint8 [N,S,S,3]`);
  }
  return { inputName, pixels, fixedBatch: fixedDim(shape[0]), size, outputName: embeddingOutput(io) };
}

function idType(type: string, name: string): TextSignature['idType'] {
  if (type === 'int32' || type === 'int64') return type;
  throw new GlimpseError('model-invalid', `textual model input "${name}" is ${type}, expected int32 or int64 token ids`);
}

export function textSignature(io: SessionIo): TextSignature {
  const names = io.inputNames;
  let style: TextSignature['style'];
  let ids: string;
  if (names.includes('text')) {
    style = 'clip';
    ids = 'text';
  } else if (names.includes('input_ids') && names.includes('attention_mask')) {
    style = 'mclip';
    ids = 'input_ids';
  } else {
    throw new GlimpseError('model-invalid', `textual model has unexpected inputs: ${names.join(', ')}`);
  }
  const { type, shape } = tensorMeta(io, ids);
  if (shape.length !== 2) throw new GlimpseError('model-invalid', `textual model input "${ids}" has rank ${shape.length}, expected 2`);
  if (style === 'mclip') {
    const mask = tensorMeta(io, 'attention_mask');
    if (mask.type !== type) throw new GlimpseError('model-invalid', `textual model takes ${type} input_ids but ${mask.type} attention_mask`);
  }
  return { style, idType: idType(type, ids), fixedBatch: fixedDim(shape[0]), fixedLength: fixedDim(shape[1]), outputName: embeddingOutput(io) };
}

/** Most items one run may take: the fixed batch, or `wanted` when the batch is free. */
export function runBatchLimit(fixedBatch: number | null, wanted: number): number {
  return fixedBatch ?? wanted;
}
