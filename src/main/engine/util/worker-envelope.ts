// The one message format between the engine and every worker thread it starts (util/worker-pool.ts
// on the engine's side, util/worker-host.ts in the worker): init -> ready (or an error), numbered
// requests answered by a result or an error with the same id, notes that need no answer, close.
// Errors cross as the contract's {kind, message} bodies and become GlimpseErrors again.
import type { ErrorBody } from '../../../shared/contract';

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
  | { t: 'err'; id: number | null; error: ErrorBody };

/** A worker's answer and the buffers to transfer with it (not copied). */
export interface WorkerReply<Res> {
  body: Res;
  transfer?: ArrayBuffer[];
}
