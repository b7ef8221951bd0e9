// A compact in-memory copy of an index's vectors (int8, one scale per vector: dim bytes + 4 per
// vector, 52 MB at 100k x 512) for exact scans over small id sets. Why: a narrow search filter
// (one folder, a date range, a camera) leaves a few thousand allowed ids, and HNSW then has to
// walk most of the graph to find k of them (measured ~70-190 ms at 100k), while scanning those
// few thousand vectors directly takes a few ms. hnswlib-node's getPoint() is far too slow for
// this (~0.1 ms per call), hence our own copy, filled while the index file is validated and kept
// in step by add/remove. Scores are cosine similarities to within ~0.01.
// It is also saved beside the index (mirror-file.ts): read back in a fraction of the graph's load
// time, it answers searches exactly (topKAll) while hnswlib is still reading the graph.

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
    const q = Float32Array.from({ length: this.dim }, (_, i) => query[i]!);
    const best = new BestK(k);
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) best.offer(id, this.score(q, slot));
    }
    return best.sorted();
  }

  /** The k best of every held vector (optionally those passing `pass`): an exact scan. */
  topKAll(query: ArrayLike<number>, k: number, pass?: (id: number) => boolean): { id: number; score: number }[] {
    const q = Float32Array.from({ length: this.dim }, (_, i) => query[i]!);
    const best = new BestK(k);
    for (const [id, slot] of this.slotOf) if (!pass || pass(id)) best.offer(id, this.score(q, slot));
    return best.sorted();
  }

  private score(q: Float32Array, slot: number): number {
    const dim = this.dim;
    const data = this.data;
    const o = slot * dim;
    let s = 0;
    for (let i = 0; i < dim; i++) s += q[i]! * data[o + i]!;
    return s * this.scale[slot]!;
  }

  /** Slots in use, in order, as (label, slot) pairs; with the arrays behind them (mirror-file.ts writes these). */
  slots(): { count: number; entries: IterableIterator<[number, number]>; data: Int8Array; scale: Float32Array } {
    return { count: this.used, entries: this.slotOf.entries(), data: this.data, scale: this.scale };
  }

  /**
   * A mirror of `slots` rows with room for `capacity`: `fill` writes the rows and scales into the
   * arrays given, `labels[i]` (where `occupied[i]`) names row i (mirror-file.ts reads with this).
   */
  static restore(dim: number, capacity: number, labels: Uint32Array, occupied: Uint8Array, fill: (data: Int8Array, scale: Float32Array) => void): Int8Mirror {
    const m = new Int8Mirror(dim, Math.max(capacity, labels.length));
    fill(m.data, m.scale);
    m.used = labels.length;
    for (let i = 0; i < labels.length; i++) {
      if (occupied[i]) m.slotOf.set(labels[i]!, i);
      else m.free.push(i);
    }
    return m;
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

/** The k highest scores seen, kept sorted (k is small: a result page or two). */
class BestK {
  private readonly ids: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    const n = this.scores.length;
    if (this.k <= 0 || (n >= this.k && score <= this.scores[n - 1]!)) return;
    let i = n;
    while (i > 0 && this.scores[i - 1]! < score) i--;
    this.scores.splice(i, 0, score);
    this.ids.splice(i, 0, id);
    if (this.scores.length > this.k) {
      this.scores.pop();
      this.ids.pop();
    }
  }

  sorted(): { id: number; score: number }[] {
    return this.ids.map((id, i) => ({ id, score: this.scores[i]! }));
  }
}
