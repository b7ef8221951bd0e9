// Fixed-batch visual graphs (Immich's current exports take one image per run) on several cores:
// one onnxruntime session with two intra-op threads runs a batch of one image poorly (the GEMMs
// of a single image are too small to split well), so such packs get one worker thread per pair of
// cores, each with its own session, and a batch is split between them and run concurrently.
// Measured on ViT-B/32, 2 cores (bench/static-batch): one 2-thread session 16.4-16.7 images/s,
// two 1-thread sessions 29.5-32.1. The cost is one more copy of the visual weights in memory.
import { availableParallelism } from 'node:os';
import { concatFloat32 } from '../vectors';
import { openWorkerRunner, type VisualRunner, type VisualRunnerOptions } from './visual-runner';

/** How many sessions, and threads each, a fixed-batch pack gets on this machine (at most 2 sessions: memory). */
export function poolShape(cores = availableParallelism(), threads?: number): { sessions: number; threadsEach: number } {
  const total = threads ?? cores;
  if (total < 2) return { sessions: 1, threadsEach: Math.max(1, total) };
  return { sessions: 2, threadsEach: Math.max(1, Math.floor(total / 2)) };
}

/** Splits n items into `parts` contiguous ranges as even as possible. */
function ranges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  const per = Math.ceil(n / parts);
  for (let from = 0; from < n; from += per) out.push([from, Math.min(n, from + per)]);
  return out;
}

/** Several runners behind one VisualRunner: each batch is split between them, outputs in order. */
export function poolRunners(runners: VisualRunner[], size: number): VisualRunner {
  const floatsPerImage = 3 * size * size;
  const first = runners[0]!;
  return {
    provider: first.provider,
    fallbackReason: first.fallbackReason,
    signature: first.signature,
    async runTensors(batch, n) {
      // Copies: a worker takes ownership of what it is sent, and the caller keeps `batch`.
      const parts = await Promise.all(
        ranges(n, runners.length).map(([a, b], i) => runners[i]!.runTensors(batch.slice(a * floatsPerImage, b * floatsPerImage), b - a).then((r) => r.embeddings)),
      );
      return { embeddings: concatFloat32(parts), input: batch };
    },
    async runRgb(rgbs) {
      const parts = await Promise.all(ranges(rgbs.length, runners.length).map(([a, b], i) => runners[i]!.runRgb(rgbs.slice(a, b))));
      return concatFloat32(parts);
    },
    async close() {
      await Promise.all(runners.map((r) => r.close()));
    },
  };
}

/**
 * The engine's visual runner: one worker session; for a fixed-batch graph on 2+ cores, a pool of
 * worker sessions with the cores shared between them (the first session is reopened with its share).
 */
export async function openVisualWorkers(opts: VisualRunnerOptions): Promise<VisualRunner> {
  const first = await openWorkerRunner(opts);
  const shape = poolShape(undefined, opts.threads);
  if (first.signature.fixedBatch === null || shape.sessions < 2) return first;
  await first.close();
  const runners: VisualRunner[] = [];
  try {
    for (let i = 0; i < shape.sessions; i++) runners.push(await openWorkerRunner({ ...opts, threads: shape.threadsEach }));
  } catch (err) {
    await Promise.all(runners.map((r) => r.close()));
    throw err;
  }
  return poolRunners(runners, opts.size);
}
