// The worker-thread side of src/shared/rpc-envelope.ts: a worker entry calls serveWorker with its
// handlers and nothing else touches parentPort. Requests run as they arrive (the engine's pool
// decides how many a worker gets at once); close waits for those in flight before releasing.
import { parentPort } from 'node:worker_threads';
import { GlimpseError, toErrorBody } from '../../../shared/errors';
import { inFlight } from './in-flight';
import type { FromWorker, ToWorker, WorkerReply } from '../../../shared/rpc-envelope';

export interface WorkerHandlers<Init, Info, Req, Res> {
  /** Opens what the requests need (a model session, ...); its result is the pool's `info`. */
  init(init: Init): Promise<Info> | Info;
  handle(req: Req): Promise<WorkerReply<Res>> | WorkerReply<Res>;
  note?(body: Req): void;
  /** Releases what init opened; runs once the requests in flight have settled. */
  close?(): Promise<void> | void;
}

export function serveWorker<Init, Info, Req, Res>(handlers: WorkerHandlers<Init, Info, Req, Res>): void {
  if (!parentPort) throw new Error('a worker entry must run in a worker thread');
  const port = parentPort;
  const runs = inFlight();
  let ready = false;
  let closing = false;
  const post = (msg: FromWorker<Info, Res>, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

  port.on('message', (msg: ToWorker<Init, Req>) => {
    void receive(msg);
  });

  async function receive(msg: ToWorker<Init, Req>): Promise<void> {
    switch (msg.t) {
      case 'init':
        try {
          const info = await handlers.init(msg.init);
          ready = true;
          post({ t: 'ready', info });
        } catch (err) {
          post({ t: 'err', id: null, error: toErrorBody(err) });
        }
        return;
      case 'req':
        try {
          if (!ready) throw new GlimpseError('internal', 'the worker was asked before it was ready');
          if (closing) throw new GlimpseError('cancelled', 'the worker is closing');
          const reply = await runs.track(async () => handlers.handle(msg.body));
          post({ t: 'res', id: msg.id, body: reply.body }, reply.transfer);
        } catch (err) {
          post({ t: 'err', id: msg.id, error: toErrorBody(err) });
        }
        return;
      case 'note':
        handlers.note?.(msg.body);
        return;
      case 'close':
        closing = true;
        await runs.settled();
        try {
          await handlers.close?.();
        } finally {
          port.close();
        }
    }
  }
}
