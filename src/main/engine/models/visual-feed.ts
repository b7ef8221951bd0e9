// Runs a visual ONNX session on n images whatever form the graph takes (session-signature.ts):
// images arrive as normalised float CHW tensors or as model-sized RGB squares (HWC uint8) and are
// converted to the graph's input; a graph with a fixed batch of 1 is run once per image and the
// outputs stacked, so callers always see [n, ...] outputs. Used by the embedder's runners and by
// the explainer's session, in their worker threads or in-thread.
import * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../shared/errors';
import { concatFloat32 } from '../vectors';
import { rgbToTensor, tensorToRgb, type Normalisation } from './rgb-tensor';
import type { VisualSignature } from './session-signature';

export interface RawOutput {
  data: Float32Array;
  dims: number[];
}

/** n images packed back to back, in one of the two forms. */
export type ImageBatch =
  | { kind: 'float'; data: Float32Array; n: number }
  | { kind: 'rgb'; data: Uint8Array; n: number };

export interface VisualFeedOptions {
  size: number;
  /** Needed to convert between the forms (rgb -> float graph, float -> uint8 graph). */
  normalisation: Normalisation;
}

/** Conversion buffers of one run (runs may overlap: each takes its own from the pool). */
interface Scratch {
  float: Float32Array | null;
  rgb: Uint8Array | null;
}

/**
 * Feeds one session. Conversion buffers (a float batch for RGB input to float graphs, an RGB batch
 * for float input or shared memory to uint8 graphs) are pooled and reused: a fresh 10 MB buffer per
 * batch makes V8 collect often.
 */
export class VisualFeeder {
  private readonly pool: Scratch[] = [];

  constructor(
    private readonly session: ort.InferenceSession,
    readonly signature: VisualSignature,
    private readonly opts: VisualFeedOptions,
  ) {
    const fixed = signature.size;
    if (fixed !== null && fixed !== opts.size) throw new GlimpseError('model-invalid', `visual model takes ${fixed}x${fixed} images but preprocess_cfg.json says ${opts.size}`);
  }

  /** The graph's input for images [from, from + count) of the batch. */
  private input(batch: ImageBatch, from: number, count: number, scratch: Scratch): ort.Tensor {
    const S = this.opts.size, per = 3 * S * S;
    if (this.signature.pixels === 'uint8') {
      let rgb: Uint8Array;
      if (batch.kind === 'rgb' && !(batch.data.buffer instanceof SharedArrayBuffer)) rgb = batch.data.subarray(from * per, (from + count) * per);
      else {
        rgb = scratch.rgb && scratch.rgb.length >= count * per ? scratch.rgb.subarray(0, count * per) : (scratch.rgb = new Uint8Array(count * per));
        // onnxruntime-node does not take shared memory: RGB from a shared slot is copied.
        if (batch.kind === 'rgb') rgb.set(batch.data.subarray(from * per, (from + count) * per));
        else for (let j = 0; j < count; j++) tensorToRgb(batch.data.subarray((from + j) * per, (from + j + 1) * per), S, this.opts.normalisation, rgb.subarray(j * per, (j + 1) * per));
      }
      return new ort.Tensor('uint8', rgb, [count, S, S, 3]);
    }
    let x: Float32Array;
    if (batch.kind === 'float') x = batch.data.subarray(from * per, (from + count) * per);
    else {
      x = scratch.float && scratch.float.length >= count * per ? scratch.float.subarray(0, count * per) : (scratch.float = new Float32Array(count * per));
      for (let j = 0; j < count; j++) rgbToTensor(batch.data.subarray((from + j) * per, (from + j + 1) * per), S, this.opts.normalisation, x.subarray(j * per, (j + 1) * per));
    }
    return new ort.Tensor('float32', x, [count, 3, S, S]);
  }

  /** Runs all n images; outputs stacked along the first axis, copied into buffers of their own. */
  async run(batch: ImageBatch, fetches: readonly string[] = [this.signature.outputName]): Promise<Record<string, RawOutput>> {
    const step = this.signature.fixedBatch ?? batch.n;
    const parts: Record<string, RawOutput[]> = {};
    const scratch = this.pool.pop() ?? { float: null, rgb: null };
    try {
      await this.runParts(batch, step, fetches, parts, scratch);
    } finally {
      if (this.pool.length < 4) this.pool.push(scratch);
    }
    const result: Record<string, RawOutput> = {};
    for (const name of fetches) result[name] = stack(parts[name] ?? [], batch.n);
    return result;
  }

  private async runParts(batch: ImageBatch, step: number, fetches: readonly string[], parts: Record<string, RawOutput[]>, scratch: Scratch): Promise<void> {
    for (let from = 0; from < batch.n; from += step) {
      const count = Math.min(step, batch.n - from);
      if (this.signature.fixedBatch !== null && count !== this.signature.fixedBatch) {
        throw new GlimpseError('model-invalid', `visual model has a fixed batch of ${this.signature.fixedBatch}; cannot run ${count}`);
      }
      const out = await this.session.run({ [this.signature.inputName]: this.input(batch, from, count, scratch) }, [...fetches]);
      for (const name of fetches) {
        const t = out[name];
        if (!t) throw new GlimpseError('model-invalid', `visual model has no output "${name}"`);
        (parts[name] ??= []).push({ data: t.data as Float32Array, dims: t.dims.map(Number) });
      }
    }
  }
}

/** Concatenates outputs along axis 0 into one owned buffer. */
function stack(parts: RawOutput[], n: number): RawOutput {
  const first = parts[0];
  if (!first) return { data: new Float32Array(0), dims: [0] };
  return { data: concatFloat32(parts.map((p) => p.data)), dims: [n, ...first.dims.slice(1)] };
}
