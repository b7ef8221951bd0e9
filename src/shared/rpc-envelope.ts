// The one message format between a process or thread and the one serving it: the engine and every
// worker thread it starts (engine/util/worker-pool.ts and worker-host.ts), and the Electron main
// process and the engine's utility process (src/main/engine-rpc.ts). init -> ready (or an error
// with id null), numbered requests answered by a result or an error with the same id, notes that
// need no answer, events pushed by the served side, close. Errors cross as the contract's
// {kind, message} bodies and become GlimpseErrors again.
import type { ErrorBody } from './contract';

export type ToWorker<Init, Req> =
  | { t: 'init'; init: Init }
  | { t: 'req'; id: number; body: Req }
  /** A message the worker does not answer (e.g. a shared buffer handed over once). */
  | { t: 'note'; body: Req }
  /** Finish the requests in flight, release what init opened, exit. */
  | { t: 'close' };

export type FromWorker<Info, Res> =
  | { t: 'ready'; info: Info }
  | { t: 'res'; id: number; body: Res }
  /** id null: init failed. */
  | { t: 'err'; id: number | null; error: ErrorBody }
  /** Pushed without a request (the engine's progress, downloads, file errors). */
  | { t: 'event'; name: string; payload: unknown };

/** A worker's answer and the buffers to transfer with it (not copied). */
export interface WorkerReply<Res> {
  body: Res;
  transfer?: ArrayBuffer[];
}
