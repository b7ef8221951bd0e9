// A small LRU cache of query embeddings: repeated and refined queries skip the text encoder.
export class QueryCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  /** Drops least recently used entries while `weight` of what is kept is over `max` (one entry always stays). */
  trim(weight: (v: V) => number, max: number): void {
    let total = 0;
    for (const v of this.map.values()) total += weight(v);
    for (const [k, v] of this.map) {
      if (total <= max || this.map.size <= 1) break;
      this.map.delete(k);
      total -= weight(v);
    }
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
