// Embeddings in SQLite: image_vectors (per content) and chunk_vectors (per chunk), keyed by model
// id, float32 little-endian blobs. This is the source of truth; HNSW indexes are rebuilt from it.
// A model's dimension is pinned in vector_models on first write, so one model never mixes sizes.
import { GlimpseError } from '../../../shared/errors';
import type { VectorSource, VectorSpace } from '../vectors';
import type { Statements } from './statements';

export type VectorLike = Float32Array | readonly number[];

const TABLE: Record<VectorSpace, { table: string; key: string }> = {
  images: { table: 'image_vectors', key: 'content_id' },
  chunks: { table: 'chunk_vectors', key: 'chunk_id' },
};

export function vectorToBlob(v: VectorLike): Buffer {
  const f = v instanceof Float32Array ? v : Float32Array.from(v);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

export function blobToVector(b: Buffer): Float32Array {
  if (b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  return new Float32Array(new Uint8Array(b).buffer); // unaligned view: copy
}

export class VectorsStore {
  constructor(private readonly s: Statements) {}

  /** The pinned dimension of a model, if it has written vectors. */
  modelDim(modelId: string): number | null {
    return this.s.get<[string], { dim: number }>('SELECT dim FROM vector_models WHERE model_id = ?').get(modelId)?.dim ?? null;
  }

  /** Pins a model's dimension; throws 'model-invalid' if it was pinned to another one. */
  registerModel(modelId: string, dim: number): void {
    if (!Number.isInteger(dim) || dim <= 0) throw new GlimpseError('model-invalid', `model ${modelId}: invalid vector dimension ${dim}`);
    const pinned = this.modelDim(modelId);
    if (pinned === null) this.s.get('INSERT INTO vector_models(model_id, dim) VALUES (?, ?)').run(modelId, dim);
    else if (pinned !== dim) {
      throw new GlimpseError('model-invalid', `model ${modelId} stores ${pinned}-dimensional vectors; refusing a ${dim}-dimensional one`);
    }
  }

  /** Writes (or overwrites) image vectors for contents. All-or-nothing. */
  putImages(modelId: string, items: readonly { contentId: number; vector: VectorLike }[]): void {
    this.put('images', modelId, items.map((i) => ({ id: i.contentId, vector: i.vector })));
  }

  /** Writes (or overwrites) chunk vectors. All-or-nothing. */
  putChunks(modelId: string, items: readonly { chunkId: number; vector: VectorLike }[]): void {
    this.put('chunks', modelId, items.map((i) => ({ id: i.chunkId, vector: i.vector })));
  }

  private put(space: VectorSpace, modelId: string, items: readonly { id: number; vector: VectorLike }[]): void {
    if (items.length === 0) return;
    const { table, key } = TABLE[space];
    this.s.tx(() => {
      const dim = items[0]!.vector.length;
      this.registerModel(modelId, dim);
      const ins = this.s.get(`INSERT INTO ${table}(${key}, model_id, vector) VALUES (?, ?, ?) ON CONFLICT(model_id, ${key}) DO UPDATE SET vector = excluded.vector`);
      for (const it of items) {
        checkVector(modelId, dim, it.vector);
        ins.run(it.id, modelId, vectorToBlob(it.vector));
      }
    });
  }

  getImage(modelId: string, contentId: number): Float32Array | undefined {
    const row = this.s.get<[string, number], { vector: Buffer }>('SELECT vector FROM image_vectors WHERE model_id = ? AND content_id = ?').get(modelId, contentId);
    return row ? blobToVector(row.vector) : undefined;
  }

  getChunk(modelId: string, chunkId: number): Float32Array | undefined {
    const row = this.s.get<[string, number], { vector: Buffer }>('SELECT vector FROM chunk_vectors WHERE model_id = ? AND chunk_id = ?').get(modelId, chunkId);
    return row ? blobToVector(row.vector) : undefined;
  }

  /** Image contents (still referenced by a file) with no vector for this model: work after a model switch. */
  imageContentsMissing(modelId: string, limit = 1000): number[] {
    return this.s
      .get<[string, number], { id: number }>(
        `SELECT c.id FROM contents c WHERE c.kind = 'image'
           AND NOT EXISTS (SELECT 1 FROM image_vectors v WHERE v.model_id = ? AND v.content_id = c.id)
           AND EXISTS (SELECT 1 FROM files f WHERE f.content_id = c.id)
         ORDER BY c.id LIMIT ?`,
      )
      .all(modelId, limit)
      .map((r) => r.id);
  }

  /** Document chunks (source 'text') with no vector for this model. */
  chunksMissing(modelId: string, limit = 1000): number[] {
    return this.s
      .get<[string, number], { id: number }>(
        `SELECT ch.id FROM chunks ch WHERE ch.source = 'text'
           AND NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.model_id = ? AND v.chunk_id = ch.id)
         ORDER BY ch.id LIMIT ?`,
      )
      .all(modelId, limit)
      .map((r) => r.id);
  }

  /** Drops every vector of a model (and its pinned dimension). */
  deleteModel(modelId: string): void {
    this.s.get('DELETE FROM vector_models WHERE model_id = ?').run(modelId);
  }

  /** The SQLite side of one HNSW index: what open() reconciles against and rebuilds from. */
  source(space: VectorSpace, modelId: string): VectorSource {
    const { table, key } = TABLE[space];
    const s = this.s;
    return {
      modelId,
      space,
      dim: () => this.modelDim(modelId),
      count: () => s.get<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE model_id = ?`).get(modelId)!.n,
      ids: () => s.get<[string], number>(`SELECT ${key} FROM ${table} WHERE model_id = ? ORDER BY ${key}`).pluck().all(modelId),
      get: (ids) => {
        const out = new Map<number, Float32Array>();
        for (let i = 0; i < ids.length; i += 5000) {
          const rows = s
            .get<[string, string], { id: number; vector: Buffer }>(
              `SELECT ${key} AS id, vector FROM ${table} WHERE model_id = ? AND ${key} IN (SELECT value FROM json_each(?))`,
            )
            .all(modelId, JSON.stringify(ids.slice(i, i + 5000)));
          for (const r of rows) out.set(r.id, blobToVector(r.vector));
        }
        return out;
      },
      iterate: function* () {
        const it = s.get<[string], { id: number; vector: Buffer }>(`SELECT ${key} AS id, vector FROM ${table} WHERE model_id = ? ORDER BY ${key}`).iterate(modelId);
        for (const r of it) yield { id: r.id, vector: blobToVector(r.vector) };
      },
    };
  }
}

function checkVector(modelId: string, dim: number, v: VectorLike): void {
  if (v.length !== dim) {
    throw new GlimpseError('model-invalid', `model ${modelId}: got a ${v.length}-dimensional vector in a batch of ${dim}-dimensional ones`);
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) throw new GlimpseError('model-invalid', `model ${modelId}: vector has a non-finite value at ${i}`);
  }
}
