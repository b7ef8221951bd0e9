// Worker-thread entry that prepares one pack's patch model (patch-model.ts) and exits. The transform
// reads the visual model, decodes and re-encodes it and test-runs the result: for a ViT-B/32 that
// is ~700 MB of buffers and seconds of CPU. In a short-lived worker the event loop of the engine
// stays free meanwhile, and all of that memory goes back when the worker ends, instead of lingering
// in the engine's heap until V8 happens to collect it. Parent side: prepare-patch-in-worker.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { preparePatchModel, type PatchModel, type PreparePatchModelOptions } from './patch-model';

export interface PatchModelWorkerData {
  visualModelPath: string;
  options: PreparePatchModelOptions;
}

const port = parentPort;
if (!port) throw new Error('patch-model-worker must run in a worker thread');
const { visualModelPath, options } = workerData as PatchModelWorkerData;
preparePatchModel(visualModelPath, options).then(
  (result) => port.postMessage(result satisfies PatchModel),
  (err: unknown) => port.postMessage({ ok: false, reason: `transform failed: ${err instanceof Error ? err.message : String(err)}` } satisfies PatchModel),
);
