// Indexing progress: done/failed counters for this run, a rate over a sliding window, and an ETA.
import type { Progress } from '../../../shared/contract';

const WINDOW_MS = 20_000;

export class ProgressMeter {
  private done = 0;
  private failed = 0;
  private samples: { t: number; n: number }[] = [];

  record(done: number, failed: number, now = Date.now()): void {
    this.done += done;
    this.failed += failed;
    this.samples.push({ t: now, n: done + failed });
    while (this.samples.length > 2 && now - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
  }

  ratePerSec(now = Date.now()): number {
    if (this.samples.length === 0) return 0;
    const first = this.samples[0]!;
    const span = Math.max(1000, now - first.t);
    const n = this.samples.reduce((s, x) => s + x.n, 0);
    return (n * 1000) / span;
  }

  snapshot(queued: number, paused: boolean, current: string | null): Progress {
    const rate = this.ratePerSec();
    return {
      queued,
      done: this.done,
      failed: this.failed,
      ratePerSec: Math.round(rate * 100) / 100,
      etaSeconds: queued === 0 ? 0 : rate > 0 ? Math.round(queued / rate) : null,
      paused,
      current,
    };
  }
}
