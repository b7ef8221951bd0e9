// Runs preparePatchModel in a short-lived worker thread (see patch-model-worker.ts for why), with
// the same contract: it never throws, a failure comes back as { ok: false, reason }. A recorded
// result (model.patch.json) is read in-thread: that is one small JSON file, not worth a worker.
import type { PatchModel, PreparePatchModelOptions } from './patch-model';
import { recordedPatchModel } from './patch-model';
import type { PatchModelWorkerData } from './patch-model-worker';
import { startWorker } from '../util/ts-worker';

export async function preparePatchModelInWorker(visualModelPath: string, options: PreparePatchModelOptions = {}): Promise<PatchModel> {
  const recorded = recordedPatchModel(visualModelPath, options);
  if (recorded) return recorded;
  return new Promise<PatchModel>((resolve) => {
    let result: PatchModel | null = null;
    const worker = startWorker(new URL('./patch-model-worker.ts', import.meta.url), {
      workerData: { visualModelPath, options } satisfies PatchModelWorkerData,
    });
    worker.on('message', (msg: PatchModel) => (result = msg));
    worker.on('error', (err) => (result ??= { ok: false, reason: `transform failed: ${err.message}` }));
    worker.on('exit', (code) => resolve(result ?? { ok: false, reason: `transform failed: the worker exited with code ${code}` }));
  });
}
