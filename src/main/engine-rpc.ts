// Request/response and event messages between the Electron main process and the engine's utility
// process. Transport-agnostic (anything with post + onMessage), so it is unit-tested over a
// worker_threads MessageChannel; Electron's UtilityProcess / parentPort plug in at the edges.
import type { CallName, ErrorBody, EventName, EventPayload } from '../shared/contract';
import { CallNames, EventNames } from '../shared/contract';
import { GlimpseError, toErrorBody } from '../shared/errors';
import type { EngineHost, MediaKind, ResolvedMedia } from './engine';

export interface MessagePortLike {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

type Request = { t: 'req'; id: number; method: CallName | 'resolveMedia'; input: unknown };
type Response = { t: 'res'; id: number; ok: true; value: unknown } | { t: 'res'; id: number; ok: false; error: ErrorBody };
type EventMsg = { t: 'event'; event: EventName; payload: unknown };
type ReadyMsg = { t: 'ready' } | { t: 'fatal'; error: ErrorBody };

const EVENTS: readonly EventName[] = EventNames;

/** Utility-process side: answers requests with the engine and forwards its events. */
export function serveEngine(engine: EngineHost, port: MessagePortLike): () => void {
  const offEvents = EVENTS.map((event) => engine.on(event, (payload) => port.post({ t: 'event', event, payload } satisfies EventMsg)));
  const off = port.onMessage(async (raw) => {
    const msg = raw as Request;
    if (!msg || msg.t !== 'req' || typeof msg.id !== 'number') return;
    try {
      let value: unknown;
      if (msg.method === 'resolveMedia') {
        const { kind, fileId } = msg.input as { kind: MediaKind; fileId: number };
        value = await engine.resolveMedia(kind, fileId);
      } else if ((CallNames as string[]).includes(msg.method)) {
        value = await (engine[msg.method] as (i: unknown) => Promise<unknown>).call(engine, msg.input);
      } else {
        throw new GlimpseError('not-found', `unknown engine method ${String(msg.method)}`);
      }
      port.post({ t: 'res', id: msg.id, ok: true, value } satisfies Response);
    } catch (err) {
      port.post({ t: 'res', id: msg.id, ok: false, error: toErrorBody(err) } satisfies Response);
    }
  });
  return () => {
    off();
    for (const o of offEvents) o();
  };
}

export function announceReady(port: MessagePortLike, error?: unknown): void {
  port.post((error === undefined ? { t: 'ready' } : { t: 'fatal', error: toErrorBody(error) }) satisfies ReadyMsg);
}

export interface EngineClient extends EngineHost {
  /** Resolves once the engine process has opened its data dir; rejects if it could not. */
  ready: Promise<void>;
  /** Fails every pending and future call (the process died). */
  fail(error: GlimpseError): void;
}

/** Main-process side: an EngineHost whose calls travel to the utility process. */
export function engineClient(port: MessagePortLike, opts: { timeoutMs?: number; close?: () => Promise<void> } = {}): EngineClient {
  let nextId = 1;
  let dead: GlimpseError | null = null;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout | null }>();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  ready.catch(() => {});

  port.onMessage((raw) => {
    const msg = raw as Response | EventMsg | ReadyMsg;
    if (!msg || typeof msg !== 'object') return;
    if (msg.t === 'ready') readyResolve();
    else if (msg.t === 'fatal') readyReject(new GlimpseError(msg.error.kind, msg.error.message));
    else if (msg.t === 'event') for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
    else if (msg.t === 'res') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new GlimpseError(msg.error.kind, msg.error.message));
    }
  });

  const request = (method: Request['method'], input: unknown): Promise<unknown> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      // Model downloads and first-time indexing can legitimately take long; only plain calls time out.
      const slow = method === 'modelsInstall' || method === 'modelsImport' || method === 'modelsUse' || method === 'modelsRemove';
      const timer = opts.timeoutMs && !slow ? setTimeout(() => {
        pending.delete(id);
        reject(new GlimpseError('timeout', `the engine did not answer ${method} in time`));
      }, opts.timeoutMs) : null;
      pending.set(id, { resolve, reject, timer });
      port.post({ t: 'req', id, method, input } satisfies Request);
    });
  };

  const client: Record<string, unknown> = {
    ready,
    fail(error: GlimpseError) {
      dead = error;
      readyReject(error);
      for (const [id, p] of pending) {
        if (p.timer) clearTimeout(p.timer);
        p.reject(error);
        pending.delete(id);
      }
    },
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    resolveMedia: (kind: MediaKind, fileId: number) => request('resolveMedia', { kind, fileId }) as Promise<ResolvedMedia>,
    close: async () => {
      await opts.close?.();
    },
  };
  for (const name of CallNames) client[name] = (input: unknown) => request(name, input);
  return client as unknown as EngineClient;
}
