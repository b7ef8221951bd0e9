// Runs a pack's visual model either in a worker thread (the engine: keeps the event loop free
// while indexing) or in the calling thread (tools and tests that do nothing else meanwhile).
// Returns raw (unnormalised) embeddings, row-major [n, dim], and the input buffer back (the worker
// transfers it there and back) so the caller can reuse it for the next batch.
import type { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../shared/errors';
import type { ErrorKind } from '../../../shared/contract';
import { startWorker } from '../util/ts-worker';
import { createSession, type ProviderName } from './providers';
import type { VisualWorkerReply, VisualWorkerRequest } from './visual-worker';

export interface VisualRunner {
  readonly provider: ProviderName;
  run(batch: Float32Array, n: number, size: number): Promise<VisualRunResult>;
  close(): Promise<void>;
}

export interface VisualRunResult {
  embeddings: Float32Array;
  /** The batch buffer that was passed in, usable again. */
  input: Float32Array;
}

function checkInput(inputNames: readonly string[]): void {
  if (inputNames[0] !== 'image') throw new GlimpseError('model-invalid', `visual model input is "${inputNames[0]}", expected "image"`);
}

export async function openInThreadRunner(modelPath: string, providers?: ProviderName[], threads?: number): Promise<VisualRunner> {
  const { session, provider } = await createSession(modelPath, providers, threads);
  checkInput(session.inputNames);
  const output = session.outputNames.includes('embedding') ? 'embedding' : session.outputNames[0]!;
  return {
    provider,
    async run(batch, n, size) {
      const r = await session.run({ image: new ort.Tensor('float32', batch, [n, 3, size, size]) });
      return { embeddings: r[output]!.data as Float32Array, input: batch };
    },
    close: () => session.release(),
  };
}

export async function openWorkerRunner(modelPath: string, providers?: ProviderName[], threads?: number): Promise<VisualRunner> {
  const worker: Worker = startWorker(new URL('./visual-worker.ts', import.meta.url));
  const pending = new Map<number, { resolve: (r: VisualRunResult) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  const ready = new Promise<Extract<VisualWorkerReply, { type: 'ready' }>>((resolve, reject) => {
    worker.on('message', (msg: VisualWorkerReply) => {
      if (msg.type === 'ready') resolve(msg);
      else if (msg.type === 'result') {
        pending.get(msg.id)?.resolve({ embeddings: msg.data, input: msg.input });
        pending.delete(msg.id);
      } else {
        const err = new GlimpseError(msg.error.kind as ErrorKind, msg.error.message);
        if (msg.id === null) reject(err);
        else {
          pending.get(msg.id)?.reject(err);
          pending.delete(msg.id);
          if (pending.size === 0) worker.unref();
        }
      }
    });
    worker.on('error', (err) => {
      failed = err;
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  });
  // The worker runner is the indexing path, where decoding shares the cores: no spin-waiting.
  const init: VisualWorkerRequest = { type: 'init', modelPath, providers, threads, spin: process.env.GLIMPSE_ORT_SPIN === '1' };
  worker.postMessage(init);
  let info;
  try {
    info = await ready;
    checkInput(info.inputNames);
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  worker.unref();
  return {
    provider: info.provider,
    run(batch, n, size) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise<VisualRunResult>((resolve, reject) => {
        // Keep the process alive while a batch is in flight; an idle worker must not.
        worker.ref();
        pending.set(id, { resolve, reject });
        const req: VisualWorkerRequest = { type: 'run', id, data: batch, n, size };
        worker.postMessage(req, [batch.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
