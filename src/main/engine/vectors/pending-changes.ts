// Changes to an HNSW index made while hnswlib writes the graph to disk in a background thread
// (hnsw-index.ts saveInBackground): the graph must not change under the writer, so adds and
// removals wait here and are applied when the write is done. Searches in the meantime merge them
// in: graph results for ids with a pending change are dropped, and the pending adds are scored
// exactly (a save lasts a few seconds; at indexing speed that is tens of vectors).
import type { Neighbor } from './hnsw-options';

export class PendingChanges {
  /** The latest change per id: the unit vector to add (or replace with), or null to remove; and whether the graph holds the id. */
  private readonly ops = new Map<number, { vector: number[] | null; inGraph: boolean }>();

  get size(): number {
    return this.ops.size;
  }

  has(id: number): boolean {
    return this.ops.has(id);
  }

  /** Whether the graph holds `id` (live or marked deleted), given what `graphHas` says outside this window. */
  inGraph(id: number, graphHas: (id: number) => boolean): boolean {
    return this.ops.get(id)?.inGraph ?? graphHas(id);
  }

  add(id: number, unitVector: number[], inGraph: boolean): void {
    this.ops.set(id, { vector: unitVector, inGraph });
  }

  remove(id: number, inGraph: boolean): void {
    if (inGraph) this.ops.set(id, { vector: null, inGraph });
    else this.ops.delete(id); // added and removed within the window: the graph never hears of it
  }

  /** Takes every change, leaving none. */
  drain(): { id: number; vector: number[] | null; inGraph: boolean }[] {
    const all = [...this.ops].map(([id, op]) => ({ id, ...op }));
    this.ops.clear();
    return all;
  }

  /**
   * Graph results (fetched with room for `size` more) merged with the pending adds: ids with a
   * pending change lose their graph entry; pending adds that pass `pass` are scored exactly.
   */
  merge(graph: Neighbor[], q: ArrayLike<number>, k: number, pass?: (id: number) => boolean): Neighbor[] {
    const out = graph.filter((n) => !this.ops.has(n.id));
    for (const [id, { vector: v }] of this.ops) {
      if (!v || (pass && !pass(id))) continue;
      let s = 0;
      for (let i = 0; i < v.length; i++) s += q[i]! * v[i]!;
      out.push({ id, score: s, distance: 1 - s });
    }
    out.sort((a, b) => b.score - a.score);
    return out.slice(0, k);
  }
}
