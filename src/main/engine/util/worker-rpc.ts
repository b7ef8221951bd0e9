// The parent side of our model workers (visual-worker, explain/session-worker): start the worker,
// send `init` and wait for `ready`, then numbered requests answered by `result` or `error` with the
// same id. An idle worker does not keep the process alive; one with a request in flight does. A
// crashed worker fails every pending request and every later one. `close` asks the worker to
// release its session and exit (terminating it outright left the onnxruntime session's native
// memory behind: ~300 MB per ViT-B/32 open/close), and terminates it only if it does not exit
// within CLOSE_GRACE_MS.
import type { Transferable, Worker } from 'node:worker_threads';
import type { ErrorKind } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import { startWorker } from './ts-worker';

/** How long a closing worker may take to finish its current run and release its session. */
export const CLOSE_GRACE_MS = 10_000;

export type RpcReply =
  | { type: 'ready' }
  | { type: 'result'; id: number }
  | { type: 'error'; id: number | null; error: { kind: string; message: string } };

export interface WorkerRpc<R extends RpcReply> {
  /** The worker's `ready` message. */
  readonly info: Extract<R, { type: 'ready' }>;
  /** Posts the message `build(id)` makes (transferring `transfer`) and resolves with its `result`. */
  request(build: (id: number) => unknown, transfer?: Transferable[]): Promise<Extract<R, { type: 'result' }>>;
  /** Posts a message the worker does not answer. */
  send(message: unknown): void;
  close(): Promise<void>;
}

export async function openWorkerRpc<R extends RpcReply>(moduleUrl: URL, init: unknown): Promise<WorkerRpc<R>> {
  type Result = Extract<R, { type: 'result' }>;
  const worker: Worker = startWorker(moduleUrl);
  const pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  let rejectReady: (err: Error) => void = () => undefined;
  const ready = new Promise<Extract<R, { type: 'ready' }>>((resolve, reject) => {
    rejectReady = reject;
    worker.on('message', (msg: R) => {
      if (msg.type === 'ready') return resolve(msg as Extract<R, { type: 'ready' }>);
      if (msg.type === 'error' && msg.id === null) return reject(new GlimpseError(msg.error.kind as ErrorKind, msg.error.message));
      const id = msg.id as number;
      const p = pending.get(id);
      pending.delete(id);
      if (msg.type === 'result') p?.resolve(msg as Result);
      else p?.reject(new GlimpseError(msg.error.kind as ErrorKind, msg.error.message));
      if (pending.size === 0) worker.unref();
    });
    worker.on('error', (err) => {
      failed = err;
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      failed ??= new GlimpseError('cancelled', 'the model worker is closed');
      rejectReady(new GlimpseError('internal', `the model worker exited with code ${code} before it was ready`));
      for (const p of pending.values()) p.reject(failed);
      pending.clear();
      resolve();
    }),
  );
  worker.postMessage(init);
  let info: Extract<R, { type: 'ready' }>;
  try {
    info = await ready;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  worker.unref();
  return {
    info,
    request(build, transfer = []) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise<Result>((resolve, reject) => {
        worker.ref(); // keep the process alive while a request is in flight
        pending.set(id, { resolve, reject });
        worker.postMessage(build(id), transfer);
      });
    },
    send(message) {
      if (!failed) worker.postMessage(message);
    },
    async close() {
      if (exited) return;
      if (failed) {
        await worker.terminate();
        return;
      }
      failed = new GlimpseError('cancelled', 'the model worker is closed'); // later requests fail at once
      worker.ref();
      worker.postMessage({ type: 'close' });
      const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}
