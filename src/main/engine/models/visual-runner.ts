// Runs a pack's visual model either in a worker thread (the engine: keeps the event loop free
// while indexing) or in the calling thread (tools and tests that do nothing else meanwhile).
// Returns raw (unnormalised) embeddings, row-major [n, dim], and the input buffer back (the worker
// transfers it there and back) so the caller can reuse it for the next batch.
import * as ort from 'onnxruntime-node';
import { GlimpseError } from '../../../shared/errors';
import { openWorkerRpc } from '../util/worker-rpc';
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
  // The worker runner is the indexing path, where decoding shares the cores: no spin-waiting
  // (GLIMPSE_ORT_SPIN=1 turns it on). Interleaved end-to-end runs on 2 cores were a wash (34.3 and
  // 33.6 images/s without, 34.7 and 33.3 with), but spinning burnt 1.97 cores instead of 1.91:
  // CPU and battery a background indexer should leave to the user.
  const init: VisualWorkerRequest = { type: 'init', modelPath, providers, threads, spin: process.env.GLIMPSE_ORT_SPIN === '1' };
  const rpc = await openWorkerRpc<VisualWorkerReply>(new URL('./visual-worker.ts', import.meta.url), init);
  try {
    checkInput(rpc.info.inputNames);
  } catch (err) {
    await rpc.close();
    throw err;
  }
  return {
    provider: rpc.info.provider,
    async run(batch, n, size) {
      const reply = await rpc.request((id) => ({ type: 'run', id, data: batch, n, size }) satisfies VisualWorkerRequest, [batch.buffer as ArrayBuffer]);
      return { embeddings: reply.data, input: reply.input };
    },
    close: () => rpc.close(),
  };
}
