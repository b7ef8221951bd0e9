// Test helpers: tiny constructed ONNX "visual models" written with onnx-proto, so the explanation
// mechanics can be checked against models whose behaviour we know exactly (which region they look
// at, how they pool), without any python-generated pack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPack, type ModelPack } from '../../../src/main/engine/models/pack';
import {
  encodeModel,
  floatAttr,
  floatTensor,
  int64Tensor,
  intAttr,
  intsAttr,
  makeNode,
  onnx,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
} from '../../../src/main/engine/explain/onnx-model';

export const TINY_PACK = '/work/shared/fixtures/tiny-clip-immich';
export const SIZE = 224;

/** Seeded uniform numbers in [-1, 1). */
export function randoms(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly inits: TensorProto[] = [];
  private n = 0;

  constructor(readonly opset = 17) {}

  private fresh(base: string): string {
    return `${base}_${this.n++}`;
  }

  float(values: ArrayLike<number>, dims: number[], base = 'w'): string {
    const name = this.fresh(base);
    this.inits.push(floatTensor(name, values, dims));
    return name;
  }

  ints(values: number[], dims: number[] = [values.length], base = 'c'): string {
    const name = this.fresh(base);
    this.inits.push(int64Tensor(name, values, dims));
    return name;
  }

  op(opType: string, inputs: string[], attrs: AttributeProto[] = [], output?: string): string {
    const out = output ?? this.fresh(opType.toLowerCase());
    this.nodes.push(makeNode(opType, inputs, [out], this.fresh(opType), attrs));
    return out;
  }

  /** ReduceMean over `axes` (attribute before opset 18, input from 18 on). */
  reduceMean(x: string, axes: number[], keepdims: number, output?: string): string {
    if (this.opset >= 18) return this.op('ReduceMean', [x, this.ints(axes)], [intAttr('keepdims', keepdims)], output);
    return this.op('ReduceMean', [x], [intsAttr('axes', axes), intAttr('keepdims', keepdims)], output);
  }

  /** LayerNormalization over the last axis, fused (one op) or decomposed as older exporters write it. */
  layerNorm(x: string, width: number, decomposed: boolean, seed: number, axis = -1): string {
    const gamma = this.float(randoms(width, seed).map((v) => 1 + 0.5 * v), [width], 'gamma');
    const beta = this.float(randoms(width, seed + 1).map((v) => 0.1 * v), [width], 'beta');
    if (!decomposed) return this.op('LayerNormalization', [x, gamma, beta], [intAttr('axis', axis), floatAttr('epsilon', 1e-5)]);
    const mean = this.reduceMean(x, [axis], 1);
    const d = this.op('Sub', [x, mean]);
    const sq = this.op('Pow', [d, this.float([2], [], 'two')]);
    const v = this.reduceMean(sq, [axis], 1);
    const den = this.op('Sqrt', [this.op('Add', [v, this.float([1e-5], [], 'eps')])]);
    return this.op('Add', [this.op('Mul', [this.op('Div', [d, den]), gamma]), beta]);
  }

  /** Patch tokens [N, (SIZE/patch)^2, width]: a Conv patch embedding of the normalised image. */
  patchTokens(image: string, width: number, patch: number, seed: number): string {
    const w = randoms(width * 3, seed);
    const kernel = new Float32Array(width * 3 * patch * patch);
    for (let o = 0; o < width; o++) for (let c = 0; c < 3; c++) kernel.fill(w[o * 3 + c]! / (patch * patch), (o * 3 + c) * patch * patch, (o * 3 + c + 1) * patch * patch);
    const conv = this.op('Conv', [image, this.float(kernel, [width, 3, patch, patch]), this.float(randoms(width, seed + 7).map((v) => 0.3 * v), [width])], [
      intsAttr('kernel_shape', [patch, patch]),
      intsAttr('strides', [patch, patch]),
    ]);
    const flat = this.op('Reshape', [conv, this.ints([0, width, -1])]);
    return this.op('Transpose', [flat], [intsAttr('perm', [0, 2, 1])]);
  }

  build(outputs: { name: string; dims: (number | string)[] }[]): Uint8Array {
    const vi = (name: string, dims: (number | string)[]) =>
      onnx.ValueInfoProto.create({
        name,
        type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
      });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'glimpse-test',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: {
        name: 'constructed',
        node: this.nodes,
        initializer: this.inits,
        input: [vi('image', ['batch', 3, SIZE, SIZE])],
        output: outputs.map((o) => vi(o.name, o.dims)),
      },
    });
    return encodeModel(model);
  }
}

/**
 * A model whose embedding depends only on one rectangle of the model input:
 * embedding = W * mean_rgb(region) + b. Region in model pixels [x0,x1) x [y0,y1).
 */
export function regionModel(region: { x0: number; y0: number; x1: number; y1: number }, dim = 8): Uint8Array {
  const b = new GraphBuilder();
  const crop = b.op('Slice', ['image', b.ints([region.y0, region.x0]), b.ints([region.y1, region.x1]), b.ints([2, 3])]);
  const mean = b.reduceMean(crop, [2, 3], 0);
  const proj = b.op('MatMul', [mean, b.float(randoms(3 * dim, 11), [3, dim])]);
  b.op('Add', [proj, b.float(randoms(dim, 12), [dim])], [], 'embedding');
  return b.build([{ name: 'embedding', dims: ['batch', dim] }]);
}

/**
 * regionModel plus deliberately heavy work that does not change the output (a chain of 224x224
 * MatMuls over the image, multiplied by 0): a model that takes long enough per batch to show
 * whether inference blocks the caller's event loop.
 */
export function slowRegionModel(chain: number, dim = 8): Uint8Array {
  const b = new GraphBuilder();
  const crop = b.op('Slice', ['image', b.ints([0, 0]), b.ints([112, 112]), b.ints([2, 3])]);
  const mean = b.reduceMean(crop, [2, 3], 0);
  const proj = b.op('Add', [b.op('MatMul', [mean, b.float(randoms(3 * dim, 11), [3, dim])]), b.float(randoms(dim, 12), [dim])]);
  let heavy = b.op('Reshape', ['image', b.ints([0, 672, 224])]);
  const w = b.float(randoms(224 * 224, 13).map((v) => v / 15), [224, 224]);
  for (let i = 0; i < chain; i++) heavy = b.op('Tanh', [b.op('MatMul', [heavy, w])]);
  const nothing = b.op('Mul', [b.reduceMean(heavy, [1, 2], 0), b.float([0], [], 'zero')]); // [N]
  const column = b.op('Unsqueeze', [nothing, b.ints([1])]); // [N,1]
  b.op('Add', [proj, column], [], 'embedding');
  return b.build([{ name: 'embedding', dims: ['batch', dim] }]);
}

export type HeadStyle =
  | 'native-patch' // has a patch_tokens output already; embedding = mean of tokens
  | 'hf-cls' // tokens -> Gather CLS -> LayerNorm -> MatMul (HF CLIPModel export)
  | 'openclip-cls' // tokens -> LayerNorm (all tokens) -> Gather CLS -> MatMul (open_clip)
  | 'openclip-mean' // tokens -> LayerNorm -> ReduceMean over tokens -> MatMul (open_clip avg pool)
  | 'decomposed-gemm' // CLS via Slice+Squeeze -> decomposed LayerNorm (opset 18 axes inputs) -> Gemm(transB)
  | 'lnd-cls' // tokens in [T,N,W] layout -> Gather axis 0 -> LayerNorm -> MatMul
  | 'flatten-head'; // not a ViT head: Flatten of all tokens -> MatMul (must not be recognised)

/**
 * A small ViT-shaped visual model: Conv patch embedding (patch 32 -> 7x7 tokens), a "CLS" token
 * made from the mean of the patch tokens, and a head in one of several export styles.
 */
export function vitLikeModel(style: HeadStyle, width = 12, dim = 6): Uint8Array {
  const b = new GraphBuilder(style === 'decomposed-gemm' ? 18 : 17);
  const patches = b.patchTokens('image', width, 32, 5);
  const proj = randoms(width * dim, 21);
  if (style === 'native-patch') {
    const tokens = b.op('Add', [b.op('MatMul', [patches, b.float(proj, [width, dim])]), b.float(randoms(dim, 22), [dim])], [], 'patch_tokens');
    b.reduceMean(tokens, [1], 0, 'embedding');
    return b.build([
      { name: 'embedding', dims: ['batch', dim] },
      { name: 'patch_tokens', dims: ['batch', 49, dim] },
    ]);
  }
  const cls = b.reduceMean(patches, [1], 1);
  const tokens = b.op('Concat', [cls, patches], [intAttr('axis', 1)]); // [N,50,W]
  const zero = () => b.ints([0], [], 'idx0');
  if (style === 'hf-cls') {
    const pooled = b.op('Gather', [tokens, zero()], [intAttr('axis', 1)]);
    b.op('MatMul', [b.layerNorm(pooled, width, false, 31), b.float(proj, [width, dim])], [], 'embedding');
  } else if (style === 'openclip-cls') {
    const normed = b.layerNorm(tokens, width, false, 31);
    const pooled = b.op('Gather', [normed, zero()], [intAttr('axis', 1)]);
    b.op('MatMul', [pooled, b.float(proj, [width, dim])], [], 'embedding');
  } else if (style === 'openclip-mean') {
    const normed = b.layerNorm(patches, width, false, 31);
    b.op('MatMul', [b.reduceMean(normed, [1], 0), b.float(proj, [width, dim])], [], 'embedding');
  } else if (style === 'decomposed-gemm') {
    const first = b.op('Slice', [tokens, b.ints([0]), b.ints([1]), b.ints([1])]);
    const pooled = b.op('Squeeze', [first, b.ints([1])]);
    const normed = b.layerNorm(pooled, width, true, 31, 1);
    const projT = new Float32Array(dim * width);
    for (let i = 0; i < width; i++) for (let j = 0; j < dim; j++) projT[j * width + i] = proj[i * dim + j]!;
    b.op('Gemm', [normed, b.float(projT, [dim, width]), b.float(randoms(dim, 23), [dim])], [intAttr('transB', 1)], 'embedding');
  } else if (style === 'lnd-cls') {
    const lnd = b.op('Transpose', [tokens], [intsAttr('perm', [1, 0, 2])]);
    const pooled = b.op('Gather', [lnd, zero()], [intAttr('axis', 0)]);
    b.op('MatMul', [b.layerNorm(pooled, width, false, 31), b.float(proj, [width, dim])], [], 'embedding');
  } else {
    const flat = b.op('Flatten', [tokens], [intAttr('axis', 1)]);
    b.op('MatMul', [flat, b.float(randoms(50 * width * dim, 41), [50 * width, dim])], [], 'embedding');
  }
  return b.build([{ name: 'embedding', dims: ['batch', dim] }]);
}

/** A ModelPack (the tiny fixture's preprocessing) whose visual model is a constructed graph written into `dir`. */
export function constructedPack(dir: string, name: string, model: Uint8Array, embedDim: number, overrides: Partial<ModelPack['preprocess']> = {}): ModelPack {
  const base = loadPack(TINY_PACK);
  const visualDir = join(dir, name, 'visual');
  mkdirSync(visualDir, { recursive: true });
  const visualModelPath = join(visualDir, 'model.onnx');
  writeFileSync(visualModelPath, model);
  return { ...base, name, dir: join(dir, name), embedDim, visualModelPath, preprocess: { ...base.preprocess, ...overrides } };
}
