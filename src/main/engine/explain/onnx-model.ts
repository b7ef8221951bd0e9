// Reading and editing ONNX ModelProto files with onnx-proto (protobufjs): decode/encode, a graph index
// (who produces / consumes each tensor, which tensors are constant) and small builders for the nodes
// and int64 constants the patch-token transform adds. Decoding is zero-copy for initializer bytes, so
// even a 350 MB ViT-B/32 graph indexes in milliseconds.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxNs } from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type ModelProto = OnnxNs.ModelProto;
export type GraphProto = OnnxNs.IGraphProto;
export type NodeProto = OnnxNs.INodeProto;
export type TensorProto = OnnxNs.ITensorProto;
export type AttributeProto = OnnxNs.IAttributeProto;
export type ValueInfoProto = OnnxNs.IValueInfoProto;

export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, INTS: 7 } as const;

type LongLike = number | { toNumber(): number };
export function toNum(v: LongLike | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function attrInt(node: NodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a ? toNum(a.i) : dflt;
}

export function attrFloat(node: NodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a ? (a.f ?? dflt) : dflt;
}

export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  return a ? (a.ints ?? []).map(toNum) : undefined;
}

/** Integer values of a constant tensor (int32/int64, raw or typed storage). */
export function tensorInts(t: TensorProto): number[] {
  const type = t.dataType ?? 0;
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: number[] = [];
    if (type === DataType.INT64) for (let i = 0; i + 8 <= raw.length; i += 8) out.push(Number(dv.getBigInt64(i, true)));
    else if (type === DataType.INT32) for (let i = 0; i + 4 <= raw.length; i += 4) out.push(dv.getInt32(i, true));
    return out;
  }
  if (type === DataType.INT64) return (t.int64Data ?? []).map(toNum);
  if (type === DataType.INT32) return (t.int32Data ?? []).map(toNum);
  return [];
}

export function tensorDims(t: TensorProto): number[] {
  return (t.dims ?? []).map(toNum);
}

/** An int64 initializer (stored raw, as exporters do). */
export function int64Tensor(name: string, values: number[], dims: number[] = [values.length]): TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const dv = new DataView(raw.buffer);
  values.forEach((v, i) => dv.setBigInt64(i * 8, BigInt(v), true));
  return onnx.TensorProto.create({ name, dims, dataType: DataType.INT64, rawData: raw });
}

export function floatTensor(name: string, values: ArrayLike<number>, dims: number[]): TensorProto {
  const f = Float32Array.from(values);
  return onnx.TensorProto.create({ name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(f.buffer) });
}

export function intAttr(name: string, v: number): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttrType.INT, i: v });
}
export function intsAttr(name: string, v: number[]): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttrType.INTS, ints: v });
}
export function floatAttr(name: string, v: number): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttrType.FLOAT, f: v });
}

export function makeNode(opType: string, inputs: string[], outputs: string[], name: string, attributes: AttributeProto[] = []): NodeProto {
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name, attribute: attributes });
}

/** A float32 tensor value-info with a symbolic or fixed shape (null: shape left unspecified). */
export function floatValueInfo(name: string, shape: (number | string)[] | null): ValueInfoProto {
  const dim = (shape ?? []).map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: shape ? { dim } : null } },
  });
}

/** Producers, consumers and constant tensors of a graph. */
export class GraphIndex {
  readonly producer = new Map<string, NodeProto>();
  readonly initializers = new Map<string, TensorProto>();
  private readonly constCache = new Map<string, boolean>();
  private readonly inputs: Set<string>;
  private readonly reserved = new Set<string>();

  constructor(readonly graph: GraphProto) {
    for (const n of graph.node ?? []) for (const o of n.output ?? []) if (o) this.producer.set(o, n);
    for (const t of graph.initializer ?? []) if (t.name) this.initializers.set(t.name, t);
    this.inputs = new Set((graph.input ?? []).map((i) => i.name ?? '').filter((n) => !this.initializers.has(n)));
  }

  /** True if the tensor's value does not depend on any graph input (initializer, Constant, or ops of those). */
  isConstant(name: string): boolean {
    if (name === '') return true; // omitted optional input
    const hit = this.constCache.get(name);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (this.inputs.has(name)) result = false;
    else if (this.initializers.has(name)) result = true;
    else {
      const node = this.producer.get(name);
      this.constCache.set(name, false); // cycle guard
      result = !!node && (node.input ?? []).every((i) => this.isConstant(i));
    }
    this.constCache.set(name, result);
    return result;
  }

  /** The tensor literal behind a constant name, if it is an initializer or a Constant node's value. */
  constTensor(name: string): TensorProto | undefined {
    const init = this.initializers.get(name);
    if (init) return init;
    const node = this.producer.get(name);
    if (node?.opType === 'Constant') {
      const v = attr(node, 'value');
      if (v?.t) return v.t;
      const vi = attr(node, 'value_int');
      if (vi) return int64Tensor(name, [toNum(vi.i)], []);
      const vis = attr(node, 'value_ints');
      if (vis) return int64Tensor(name, (vis.ints ?? []).map(toNum));
    }
    if (node?.opType === 'Identity' && node.input?.[0]) return this.constTensor(node.input[0]);
    return undefined;
  }

  /** Rank of a constant tensor (from its dims), or undefined when it cannot be read. */
  constRank(name: string): number | undefined {
    const t = this.constTensor(name);
    return t ? tensorDims(t).length : undefined;
  }

  constInts(name: string): number[] | undefined {
    const t = this.constTensor(name);
    return t ? tensorInts(t) : undefined;
  }

  /** A tensor name not used anywhere in the graph yet, derived from `base`. */
  freshName(base: string): string {
    let name = base;
    const taken = (n: string) => this.producer.has(n) || this.initializers.has(n) || this.inputs.has(n) || this.reserved.has(n);
    for (let i = 1; taken(name); i++) name = `${base}_${i}`;
    this.reserved.add(name);
    return name;
  }
}

/** The default-domain opset version of a model. */
export function opsetVersion(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNum(entry.version) : 0;
}
