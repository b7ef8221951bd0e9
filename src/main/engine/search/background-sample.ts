// A random sample of stored vectors (up to 1,000) against which a query measures its own
// background score distribution for the relevance cut-off. Loaded lazily, refreshed when the
// library has grown or shrunk by more than 10 % since it was drawn.
import type { VectorSource } from '../vectors';

const SAMPLE = 1000;

export class BackgroundSample {
  private sample: Float32Array[] = [];
  private drawnAt = -1;
  private stale = true;

  constructor(private readonly source: () => VectorSource | null) {}

  invalidate(): void {
    this.stale = true;
  }

  get(): Float32Array[] {
    const src = this.source();
    if (!src) return [];
    if (this.stale) {
      const count = src.count();
      if (this.drawnAt < 0 || Math.abs(count - this.drawnAt) > Math.max(10, this.drawnAt * 0.1)) this.draw(src);
      this.stale = false;
    }
    return this.sample;
  }

  private draw(src: VectorSource): void {
    const ids = src.ids();
    this.drawnAt = ids.length;
    // Partial Fisher-Yates with a fixed seed: the same library gives the same sample (stable cut-offs).
    let seed = 0x9e3779b9;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const n = Math.min(SAMPLE, ids.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rand() * (ids.length - i));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    this.sample = [...src.get(ids.slice(0, n)).values()];
  }
}
