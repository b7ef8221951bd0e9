// The engine's side of every worker thread (src/shared/rpc-envelope.ts): start workers from a module
// URL, send init and wait for ready, hand out numbered requests and match their answers, and deal
// with what goes wrong in one place:
// - a request over its time limit fails with 'timeout' and its worker is terminated (native code
//   or a pathological document cannot be interrupted any other way); the next request gets a
//   fresh worker;
// - a worker that crashes fails only its own requests (crashError maps e.g. out of memory) and is
//   replaced on demand, or, with restart off, fails every later request too;
// - an idle worker does not keep the process alive (unref) and may exit after idleMs;
// - close fails what is queued, lets each worker finish its requests and release its resources
//   (terminating an onnxruntime worker outright left ~300 MB of native memory behind per ViT-B/32),
//   and terminates it only after closeGraceMs.
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { ErrorKind } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import { logger } from './logger';
import { startWorker } from './ts-worker';
import type { FromWorker, ToWorker } from '../../../shared/rpc-envelope';

const log = logger('workers');

export interface WorkerPoolOptions<Init> {
  /** What the workers are, for messages ("the OCR worker"). */
  name: string;
  url: URL;
  init: Init;
  /** Workers at most (default 1). Started on demand, or `start` of them at open. */
  size?: number;
  /** Requests one worker is given at once (default 1; Infinity pipelines them all to it). */
  perWorker?: number;
  /** Default time limit of a request (none when unset). */
  timeoutMs?: number;
  /** An idle worker exits after this long (default: it stays). */
  idleMs?: number;
  /** Replace a crashed worker for later requests (default true); false fails every later request. */
  restart?: boolean;
  /** How long a closing worker may take to finish and release (default 10 s; 0 terminates at once). */
  closeGraceMs?: number;
  resourceLimits?: ResourceLimits;
  /** The error a request gets when its worker dies under it (default: kind 'internal'). */
  crashError?(err: Error): GlimpseError;
  /** What a request over its time limit failed at (default "it took longer than N s"). */
  timeoutMessage?(seconds: number): string;
}

interface Task<Req, Res> {
  id: number;
  body: Req;
  transfer: ArrayBuffer[];
  timeoutMs: number | undefined;
  resolve(res: Res): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
}

interface Slot<Req, Res> {
  worker: Worker;
  ready: boolean;
  /** Terminated or closing: takes no more requests. */
  leaving: boolean;
  running: Map<number, Task<Req, Res>>;
  idleTimer: NodeJS.Timeout | null;
  exited: Promise<number>;
}

export const DEFAULT_CLOSE_GRACE_MS = 10_000;

export class WorkerPool<Init, Info, Req, Res> {
  private readonly slots = new Set<Slot<Req, Res>>();
  private readonly queue: Task<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;
  /** Set when workers cannot be had any more (restart off, or init failing): later requests fail with it. */
  private broken: Error | null = null;
  private firstInfo: Info | null = null;
  private readonly size: number;
  private readonly perWorker: number;

  private constructor(private readonly opts: WorkerPoolOptions<Init>) {
    this.size = Math.max(1, opts.size ?? 1);
    this.perWorker = Math.max(1, opts.perWorker ?? 1);
  }

  /** Opens a pool and starts `start` workers (0: on first request), waiting until they are ready. */
  static async open<Init, Info, Req, Res>(opts: WorkerPoolOptions<Init>, start = 1): Promise<WorkerPool<Init, Info, Req, Res>> {
    const pool = new WorkerPool<Init, Info, Req, Res>(opts);
    const started = await Promise.allSettled(Array.from({ length: Math.min(start, pool.size) }, () => pool.spawn()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  /** What the first worker said when it was ready (its provider, signature, ...). */
  get info(): Info {
    if (this.firstInfo === null) throw new Error(`${this.opts.name} has not started`);
    return this.firstInfo;
  }

  request(body: Req, opts: { transfer?: ArrayBuffer[]; timeoutMs?: number } = {}): Promise<Res> {
    if (this.closed) return Promise.reject(new GlimpseError('cancelled', `${this.opts.name} is closed`));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, body, transfer: opts.transfer ?? [], timeoutMs: opts.timeoutMs ?? this.opts.timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Posts a message no one answers to the pool's one worker (pools of size 1 only). */
  note(body: Req, transfer: ArrayBuffer[] = []): void {
    if (this.size !== 1) throw new Error('notes go to a pool of one worker');
    const slot = [...this.slots].find((s) => !s.leaving);
    slot?.worker.postMessage({ t: 'note', body } satisfies ToWorker<Init, Req>, transfer);
  }

  async close(): Promise<void> {
    if (this.closed) {
      await Promise.all([...this.slots].map((s) => s.exited));
      return;
    }
    this.closed = true;
    const closedError = new GlimpseError('cancelled', `${this.opts.name} is closed`);
    for (const task of this.queue.splice(0)) task.reject(closedError);
    await Promise.all([...this.slots].map((slot) => this.retire(slot, 'close', closedError)));
  }

  private spawn(): Promise<Slot<Req, Res>> {
    const worker = startWorker(this.opts.url, this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {});
    let settleReady!: { resolve: (s: Slot<Req, Res>) => void; reject: (e: Error) => void };
    const ready = new Promise<Slot<Req, Res>>((resolve, reject) => (settleReady = { resolve, reject }));
    const slot: Slot<Req, Res> = {
      worker,
      ready: false,
      leaving: false,
      running: new Map(),
      idleTimer: null,
      exited: new Promise<number>((resolve) => worker.once('exit', resolve)),
    };
    this.slots.add(slot);
    worker.on('message', (msg: FromWorker<Info, Res>) => {
      if (msg.t === 'ready') {
        slot.ready = true;
        this.firstInfo ??= msg.info;
        settleReady.resolve(slot);
        this.settle(slot);
      } else if (msg.t === 'err' && msg.id === null) {
        // Init failed (models missing, a broken pack): another worker would fail the same way.
        const err = new GlimpseError(msg.error.kind as ErrorKind, msg.error.message);
        this.broken ??= err;
        settleReady.reject(err);
        void this.retire(slot, 'terminate', err);
      } else if ((msg.t === 'res' || msg.t === 'err') && msg.id !== null) {
        const task = slot.running.get(msg.id);
        if (!task) return;
        slot.running.delete(msg.id);
        clearTimeout(task.timer);
        if (msg.t === 'res') task.resolve(msg.body);
        else task.reject(new GlimpseError(msg.error.kind as ErrorKind, msg.error.message));
        this.settle(slot);
      }
    });
    worker.on('error', (err: Error) => {
      log.warn(`${this.opts.name} failed`, err);
      const failure = this.opts.crashError?.(err) ?? new GlimpseError('internal', `${this.opts.name} crashed: ${err.message}`, { cause: err });
      if (!slot.ready) this.broken ??= failure; // it cannot even start
      settleReady.reject(failure);
      void this.retire(slot, 'terminate', failure);
    });
    void slot.exited.then((code) => {
      const failure = new GlimpseError('internal', `${this.opts.name} stopped (exit code ${code})`);
      if (!slot.ready && !slot.leaving) this.broken ??= failure;
      settleReady.reject(failure);
      this.drop(slot, failure);
    });
    worker.postMessage({ t: 'init', init: this.opts.init } satisfies ToWorker<Init, Req>);
    return ready;
  }

  /** After a worker became ready or finished a request: more work, or idle. */
  private settle(slot: Slot<Req, Res>): void {
    this.pump();
    if (slot.running.size === 0 && !slot.leaving && this.slots.has(slot)) {
      slot.worker.unref();
      if (this.opts.idleMs !== undefined && !slot.idleTimer) {
        slot.idleTimer = setTimeout(() => void this.retire(slot, 'close', null), this.opts.idleMs);
        slot.idleTimer.unref();
      }
    }
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const live = this.live();
      const slot = live.find((s) => s.ready && s.running.size < this.perWorker);
      if (slot) {
        this.dispatch(slot, this.queue.shift()!);
        continue;
      }
      if (this.broken) return this.failQueueIfNoWorker(this.broken);
      // Every worker busy: start another if allowed, one per waiting request (ready pumps again).
      const starting = live.filter((s) => !s.ready).length;
      if (live.length >= this.size || starting >= this.queue.length) return;
      this.spawn().catch(() => undefined); // a failed start reaches the queue through `broken`
    }
  }

  private live(): Slot<Req, Res>[] {
    return [...this.slots].filter((s) => !s.leaving);
  }

  private dispatch(slot: Slot<Req, Res>, task: Task<Req, Res>): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.running.set(task.id, task);
    slot.worker.ref(); // a request in flight keeps the process alive
    if (task.timeoutMs !== undefined) {
      task.timer = setTimeout(() => {
        const seconds = Math.round(task.timeoutMs! / 100) / 10;
        log.warn(`${this.opts.name}: request ran over ${seconds} s; replacing the worker`);
        const message = this.opts.timeoutMessage?.(seconds) ?? `it took longer than ${seconds} s and was stopped`;
        void this.retire(slot, 'terminate', new GlimpseError('timeout', message));
      }, task.timeoutMs);
      task.timer.unref();
    }
    slot.worker.postMessage({ t: 'req', id: task.id, body: task.body } satisfies ToWorker<Init, Req>, task.transfer);
  }

  /** Takes a worker out: its requests fail with `failure`; it is closed gracefully or terminated. */
  private async retire(slot: Slot<Req, Res>, how: 'close' | 'terminate', failure: Error | null): Promise<void> {
    if (slot.leaving) {
      await slot.exited;
      return;
    }
    slot.leaving = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    // No replacement: requests from now on fail with what stopped this one.
    if (this.opts.restart === false && failure && !this.closed) this.broken ??= failure;
    const grace = this.opts.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    if (how === 'terminate' || !slot.ready || grace === 0) {
      this.failRunning(slot, failure ?? new GlimpseError('internal', `${this.opts.name} stopped`));
      await slot.worker.terminate().catch(() => undefined);
    } else {
      // Requests in flight finish first (the worker answers them before it exits).
      slot.worker.ref();
      slot.worker.postMessage({ t: 'close' } satisfies ToWorker<Init, Req>);
      const timer = setTimeout(() => void slot.worker.terminate(), grace);
      await slot.exited;
      clearTimeout(timer);
    }
    this.drop(slot, failure ?? new GlimpseError('internal', `${this.opts.name} stopped`));
  }

  /** The worker is gone: fail what it still had, and let the queue move on (or fail). */
  private drop(slot: Slot<Req, Res>, failure: Error): void {
    if (!this.slots.delete(slot)) return;
    this.failRunning(slot, failure);
    if (this.closed) return;
    if (this.opts.restart === false) {
      this.broken ??= failure;
      this.failQueueIfNoWorker(failure);
      return;
    }
    this.pump();
  }

  private failRunning(slot: Slot<Req, Res>, failure: Error): void {
    for (const task of slot.running.values()) {
      clearTimeout(task.timer);
      task.reject(failure);
    }
    slot.running.clear();
  }

  /** With no worker left to take them, queued requests fail instead of waiting forever. */
  private failQueueIfNoWorker(err: Error): void {
    if (this.live().length > 0) return;
    if (this.broken || this.opts.restart === false) for (const task of this.queue.splice(0)) task.reject(err);
  }
}
