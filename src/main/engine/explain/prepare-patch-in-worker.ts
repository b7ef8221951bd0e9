// Runs preparePatchModel in a short-lived worker thread (see patch-model-worker.ts for why), with
// the same contract: it never throws, a failure comes back as { ok: false, reason }. A recorded
// result (model.patch.json) is read in-thread: that is one small JSON file, not worth a worker.
import type { PatchModel, PreparePatchModelOptions } from './patch-model';
import { recordedPatchModel } from './patch-model';
import type { PatchModelWorkerInit } from './patch-model-worker';
import { WorkerPool } from '../util/worker-pool';

export async function preparePatchModelInWorker(visualModelPath: string, options: PreparePatchModelOptions = {}): Promise<PatchModel> {
  const recorded = recordedPatchModel(visualModelPath, options);
  if (recorded) return recorded;
  let pool: WorkerPool<PatchModelWorkerInit, PatchModel, never, never> | null = null;
  try {
    pool = await WorkerPool.open<PatchModelWorkerInit, PatchModel, never, never>({
      name: 'the patch-model worker',
      url: new URL('./patch-model-worker.ts', import.meta.url),
      init: { visualModelPath, options },
      restart: false,
    });
    return pool.info;
  } catch (err) {
    return { ok: false, reason: `transform failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await pool?.close();
  }
}
