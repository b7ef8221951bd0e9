// Worker-thread entry that prepares one pack's patch model (patch-model.ts); its `ready` carries the
// result and the pool closes it at once. The transform reads the visual model, decodes and
// re-encodes it and test-runs the result: for a ViT-B/32 that is ~700 MB of buffers and seconds of
// CPU. In a short-lived worker the event loop of the engine stays free meanwhile, and all of that
// memory goes back when the worker ends, instead of lingering in the engine's heap until V8 happens
// to collect it. Parent side: prepare-patch-in-worker.ts.
import { serveWorker } from '../util/worker-host';
import { preparePatchModel, type PatchModel, type PreparePatchModelOptions } from './patch-model';

export interface PatchModelWorkerInit {
  visualModelPath: string;
  options: PreparePatchModelOptions;
}

serveWorker<PatchModelWorkerInit, PatchModel, never, never>({
  async init({ visualModelPath, options }) {
    try {
      return await preparePatchModel(visualModelPath, options);
    } catch (err) {
      return { ok: false, reason: `transform failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  },
  handle() {
    throw new Error('the patch-model worker answers its init only');
  },
});
