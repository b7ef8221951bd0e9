// A compact in-memory copy of an index's vectors (int8, one scale per vector: dim bytes + 4 per
// vector, 52 MB at 100k x 512) for exact scans over small id sets. Why: a narrow search filter
// (one folder, a date range, a camera) leaves a few thousand allowed ids, and HNSW then has to
// walk most of the graph to find k of them (measured ~70-190 ms at 100k), while scanning those
// few thousand vectors directly takes a few ms. hnswlib-node's getPoint() is far too slow for
// this (~0.1 ms per call), hence our own copy, filled while the index file is validated and kept
// in step by add/remove. Scores are cosine similarities to within ~0.01.

export class Int8Mirror {
  private data: Int8Array;
  private scale: Float32Array;
  private readonly slotOf = new Map<number, number>();
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    readonly dim: number,
    capacity = 1024,
  ) {
    const cap = Math.max(16, capacity);
    this.data = new Int8Array(cap * dim);
    this.scale = new Float32Array(cap);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.data.byteLength + this.scale.byteLength;
  }

  has(id: number): boolean {
    return this.slotOf.has(id);
  }

  /** Stores a unit vector (from `offset` in `v`) under id, replacing any previous one. */
  set(id: number, v: ArrayLike<number>, offset = 0): void {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.used++;
      if (slot >= this.scale.length) this.grow();
      this.slotOf.set(id, slot);
    }
    const dim = this.dim;
    let maxAbs = 0;
    for (let i = 0; i < dim; i++) maxAbs = Math.max(maxAbs, Math.abs(v[offset + i]!));
    const q = maxAbs > 0 ? 127 / maxAbs : 0;
    const o = slot * dim;
    for (let i = 0; i < dim; i++) this.data[o + i] = Math.round(v[offset + i]! * q);
    this.scale[slot] = maxAbs / 127;
  }

  delete(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.free.push(slot);
  }

  clear(): void {
    this.slotOf.clear();
    this.free.length = 0;
    this.used = 0;
  }

  /** The k best of `ids` for a unit query, by approximate cosine. Ids not held are skipped. */
  topK(query: ArrayLike<number>, ids: Iterable<number>, k: number): { id: number; score: number }[] {
    const dim = this.dim;
    const data = this.data;
    const q = Float32Array.from({ length: dim }, (_, i) => query[i]!);
    const scored: { id: number; score: number }[] = [];
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      const o = slot * dim;
      let s = 0;
      for (let i = 0; i < dim; i++) s += q[i]! * data[o + i]!;
      scored.push({ id, score: s * this.scale[slot]! });
    }
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, k);
  }

  private grow(): void {
    const cap = this.scale.length * 2;
    const data = new Int8Array(cap * this.dim);
    data.set(this.data);
    const scale = new Float32Array(cap);
    scale.set(this.scale);
    this.data = data;
    this.scale = scale;
  }
}
