// Graph surgery that gives a pooled-only CLIP visual model a per-patch output. Immich packs output
// just the pooled embedding; the per-patch embeddings a dense explanation needs are the last block's
// tokens sent through the same head (final LayerNorm + projection). We find that head by walking back
// from the `embedding` output over token-wise ops (LayerNormalization or its decomposed form, MatMul /
// Gemm with constant weights, element-wise ops with constant operands, last-axis reductions) to the
// pooling op (CLS selection: Gather index 0 / Slice 0:1 + Squeeze; or mean over tokens: ReduceMean
// axis 1), then clone the head so it reads the whole token sequence. Whatever sits before the pooling
// (open_clip applies ln_post before it, HF after) is already applied to every token, so both export
// styles come out right. Anything unexpected throws GraphNotRecognised with the reason; callers fall back.
import {
  GraphIndex,
  attr,
  attrInt,
  attrFloat,
  attrInts,
  floatValueInfo,
  int64Tensor,
  intAttr,
  intsAttr,
  makeNode,
  opsetVersion,
  toNum,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx-model';

export const PATCH_OUTPUT = 'patch_tokens';
export const CLS_CHECK_OUTPUT = 'explain_cls_embedding';

export type Pooling = 'cls' | 'mean';

export interface PatchTransformInfo {
  pooling: Pooling;
  embeddingOutput: string;
  /** Op types of the cloned head, in order (for logs and tests). */
  headOps: string[];
  /** Outputs added: patch_tokens [N,P,D], and for CLS pooling explain_cls_embedding [N,D]. */
  addedOutputs: string[];
}

export class GraphNotRecognised extends Error {
  override name = 'GraphNotRecognised';
}

const UNARY = new Set(['Identity', 'Cast', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Exp', 'Log', 'Tanh', 'Sigmoid', 'Relu', 'Erf', 'Softplus', 'Clip']);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min']);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceL2', 'ReduceSumSquare', 'ReduceMax', 'ReduceMin']);

interface Pool {
  node: NodeProto;
  pooling: Pooling;
  /** The token tensor the pooling reads. */
  tokens: string;
  /** 1 when tokens are [N,T,W]; 0 when [T,N,W] (LND layout). */
  tokenAxis: 0 | 1;
  /** The pooled tensor the head starts from. */
  pooled: string;
}

/** A last-axis index in a rank-2 pooled tensor (-1 or 1) is what a token-wise op may touch. */
const isLastAxis = (a: number) => a === -1 || a === 1;

/** Reduction axes of a Reduce* node: attribute (opset < 18, ReduceSum < 13) or second input. */
function reduceAxes(g: GraphIndex, node: NodeProto): number[] | undefined {
  const fromAttr = attrInts(node, 'axes');
  if (fromAttr) return fromAttr;
  const second = node.input?.[1];
  if (second) return g.constInts(second);
  return undefined;
}

function recognisePool(g: GraphIndex, node: NodeProto, pooled: string): Pool | undefined {
  const op = node.opType;
  const inputs = node.input ?? [];
  if (op === 'Gather') {
    const [data, idx] = inputs;
    if (!data || !idx || !g.isConstant(idx) || g.isConstant(data)) return undefined;
    const ints = g.constInts(idx);
    if (g.constRank(idx) !== 0 || !ints || ints[0] !== 0) return undefined;
    const axis = attrInt(node, 'axis', 0);
    if (axis !== 0 && axis !== 1) return undefined;
    return { node, pooling: 'cls', tokens: data, tokenAxis: axis, pooled };
  }
  if (op === 'Squeeze') {
    const axes = attrInts(node, 'axes') ?? (inputs[1] ? g.constInts(inputs[1]) : undefined);
    const slice = inputs[0] ? g.producer.get(inputs[0]) : undefined;
    if (!axes || axes.length !== 1 || axes[0] !== 1 || slice?.opType !== 'Slice') return undefined;
    const [data, starts, ends, sAxes, steps] = slice.input ?? [];
    const vals = (n: string | undefined) => (n ? g.constInts(n) : undefined);
    if (!data || vals(starts)?.[0] !== 0 || vals(ends)?.[0] !== 1 || vals(sAxes)?.[0] !== 1) return undefined;
    if (steps && vals(steps)?.[0] !== 1) return undefined;
    return { node, pooling: 'cls', tokens: data, tokenAxis: 1, pooled };
  }
  if (op === 'ReduceMean') {
    const axes = reduceAxes(g, node);
    if (!axes || axes.length !== 1 || axes[0] !== 1 || attrInt(node, 'keepdims', 1) !== 0 || !inputs[0]) return undefined;
    return { node, pooling: 'mean', tokens: inputs[0], tokenAxis: 1, pooled };
  }
  return undefined;
}

/** Throws unless `node` acts on each row of a rank-2 [N,W] tensor independently. */
function checkTokenwise(g: GraphIndex, node: NodeProto): void {
  const op = node.opType ?? '';
  const inputs = node.input ?? [];
  const where = `${op} (${node.name || node.output?.[0]})`;
  const constRankOk = (name: string) => {
    const t = g.constTensor(name);
    if (!t) return g.isConstant(name); // computed constant: shape unknown, trust broadcasting
    const dims = (t.dims ?? []).map(toNum);
    return dims.length <= 1 || (dims.length === 2 && dims[0] === 1);
  };
  if (UNARY.has(op)) return;
  if (BINARY.has(op)) {
    for (const i of inputs) if (g.isConstant(i) && !constRankOk(i)) throw new GraphNotRecognised(`${where} has a constant that does not broadcast per token`);
    return;
  }
  if (REDUCE.has(op)) {
    const axes = reduceAxes(g, node);
    if (!axes || axes.length !== 1 || !isLastAxis(axes[0]!)) throw new GraphNotRecognised(`${where} reduces over a non-feature axis`);
    return;
  }
  if (op === 'LayerNormalization') {
    if (!isLastAxis(attrInt(node, 'axis', -1))) throw new GraphNotRecognised(`${where} normalises over a non-feature axis`);
    if (inputs.slice(1).some((i) => i && !g.isConstant(i))) throw new GraphNotRecognised(`${where} has non-constant scale/bias`);
    return;
  }
  if (op === 'MatMul') {
    const [a, b] = inputs;
    if (!a || !b || g.isConstant(a) || !g.isConstant(b)) throw new GraphNotRecognised(`${where} is not tokens x constant weights`);
    const rank = g.constRank(b);
    if (rank !== undefined && rank !== 2) throw new GraphNotRecognised(`${where} weight is not a matrix`);
    return;
  }
  if (op === 'Gemm') {
    const [a, b, c] = inputs;
    if (!a || !b || g.isConstant(a) || !g.isConstant(b) || (c && !g.isConstant(c))) throw new GraphNotRecognised(`${where} is not tokens x constant weights`);
    if (attrInt(node, 'transA', 0) !== 0 || attrFloat(node, 'alpha', 1) !== 1 || attrFloat(node, 'beta', 1) !== 1) {
      throw new GraphNotRecognised(`${where} uses transA/alpha/beta`);
    }
    return;
  }
  throw new GraphNotRecognised(`${where} between the token pooling and the embedding is not a per-token op`);
}

/** Finds the pooling op and the head nodes (graph order) between it and the embedding output. */
function analyse(g: GraphIndex, nodes: NodeProto[], embedding: string): { pool: Pool; head: NodeProto[] } {
  const head = new Set<NodeProto>();
  let pool: Pool | undefined;
  const seen = new Set<string>();
  const stack = [embedding];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || g.isConstant(t)) continue;
    seen.add(t);
    const node = g.producer.get(t);
    if (!node) throw new GraphNotRecognised(`reached graph input "${t}" without finding a token pooling op`);
    const asPool = recognisePool(g, node, t);
    if (asPool) {
      if (pool && pool.node !== node) throw new GraphNotRecognised('the embedding depends on more than one pooling op');
      pool = asPool;
      continue;
    }
    checkTokenwise(g, node);
    head.add(node);
    for (const i of node.input ?? []) if (i) stack.push(i);
  }
  if (!pool) throw new GraphNotRecognised('no token pooling op found before the embedding');
  return { pool, head: nodes.filter((n) => head.has(n)) };
}

/**
 * Adds `patch_tokens` (and, for CLS pooling, `explain_cls_embedding`) outputs to `model` in place.
 * Throws GraphNotRecognised when the graph does not have the expected shape.
 */
export function addPatchTokenOutputs(model: ModelProto): PatchTransformInfo {
  const graph = model.graph;
  if (!graph) throw new GraphNotRecognised('model has no graph');
  if (opsetVersion(model) < 13) throw new GraphNotRecognised(`opset ${opsetVersion(model)} is older than 13`);
  const outputs = graph.output ?? [];
  if (outputs.some((o) => o.name === PATCH_OUTPUT)) throw new GraphNotRecognised(`model already has a ${PATCH_OUTPUT} output`);
  const embedding = outputs.find((o) => o.name === 'embedding')?.name ?? (outputs.length === 1 ? outputs[0]!.name : undefined);
  if (!embedding) throw new GraphNotRecognised('no `embedding` output');
  const embDims = outputs.find((o) => o.name === embedding)?.type?.tensorType?.shape?.dim;
  if (embDims && embDims.length !== 2) throw new GraphNotRecognised(`embedding has rank ${embDims.length}, expected 2`);
  const nodes = graph.node ?? [];
  const g = new GraphIndex(graph);
  const { pool, head } = analyse(g, nodes, embedding);

  const added: NodeProto[] = [];
  const inits: TensorProto[] = [];
  const constInit = (base: string, values: number[], dims?: number[]) => {
    const name = g.freshName(`explain/${base}`);
    inits.push(int64Tensor(name, values, dims));
    return name;
  };
  const rename = new Map<string, string>();
  let tokens = pool.tokens;
  if (pool.tokenAxis === 0) {
    const t = g.freshName('explain/tokens_ntd');
    added.push(makeNode('Transpose', [tokens], [t], g.freshName('explain/Transpose'), [intsAttr('perm', [1, 0, 2])]));
    tokens = t;
  }
  rename.set(pool.pooled, tokens);
  const mapIn = (i: string) => rename.get(i) ?? i;
  const headOps: string[] = [];

  for (const node of head) {
    const op = node.opType!;
    headOps.push(op);
    const outs = (node.output ?? []).map((o) => {
      const n = g.freshName(`${o}/explain_tokens`);
      rename.set(o, n);
      return n;
    });
    const ins = (node.input ?? []).map(mapIn);
    const name = g.freshName(`${node.name || op}/explain_tokens`);
    if (op === 'Gemm') {
      // Gemm only takes 2-D inputs: rewrite as MatMul (+ Add) so it broadcasts over tokens.
      let w = ins[1]!;
      if (attrInt(node, 'transB', 0) === 1) {
        const wt = g.freshName(`${name}/weight_t`);
        added.push(makeNode('Transpose', [w], [wt], `${name}/Transpose`, [intsAttr('perm', [1, 0])]));
        w = wt;
      }
      if (ins[2]) {
        const mm = g.freshName(`${name}/matmul`);
        added.push(makeNode('MatMul', [ins[0]!, w], [mm], `${name}/MatMul`));
        added.push(makeNode('Add', [mm, ins[2]], outs, `${name}/Add`));
      } else {
        added.push(makeNode('MatMul', [ins[0]!, w], outs, `${name}/MatMul`));
      }
      continue;
    }
    // Axis attributes were written for a rank-2 tensor; make them rank-agnostic (-1 = features).
    const attributes = (node.attribute ?? []).map((a) => {
      if (op === 'LayerNormalization' && a.name === 'axis') return intAttr('axis', -1);
      if (REDUCE.has(op) && a.name === 'axes') return intsAttr('axes', [-1]);
      return a;
    });
    if (REDUCE.has(op) && !attr(node, 'axes') && ins[1]) ins[1] = constInit('axes_last', [-1]);
    added.push(makeNode(op, ins, outs, name, attributes));
  }

  const allTokens = rename.get(embedding);
  if (!allTokens) throw new GraphNotRecognised('embedding output was not reached by the head clone');
  const addedOutputs = [PATCH_OUTPUT];
  if (pool.pooling === 'cls') {
    added.push(makeNode('Slice', [allTokens, constInit('one', [1]), constInit('end', [Number.MAX_SAFE_INTEGER]), constInit('axis1', [1])], [PATCH_OUTPUT], g.freshName('explain/SlicePatches')));
    added.push(makeNode('Gather', [allTokens, constInit('zero', [0], [])], [CLS_CHECK_OUTPUT], g.freshName('explain/GatherCls'), [intAttr('axis', 1)]));
    addedOutputs.push(CLS_CHECK_OUTPUT);
  } else {
    added.push(makeNode('Identity', [allTokens], [PATCH_OUTPUT], g.freshName('explain/PatchTokens')));
  }

  graph.node = [...nodes, ...added];
  graph.initializer = [...(graph.initializer ?? []), ...inits];
  graph.output = [...outputs, floatValueInfo(PATCH_OUTPUT, null)];
  if (pool.pooling === 'cls') graph.output.push(floatValueInfo(CLS_CHECK_OUTPUT, null));
  return { pooling: pool.pooling, embeddingOutput: embedding, headOps, addedOutputs };
}
