// Request/response and event messages between the Electron main process and the engine's utility
// process, in the envelope every process and thread pair uses (src/shared/rpc-envelope.ts).
// Transport-agnostic (anything with post + onMessage), so it is unit-tested over a worker_threads
// MessageChannel; Electron's UtilityProcess / parentPort plug in at the edges.
import type { CallName, ErrorKind, EventName, EventPayload } from '../shared/contract';
import { CallNames, EventNames } from '../shared/contract';
import { GlimpseError, toErrorBody } from '../shared/errors';
import type { FromWorker, ToWorker } from '../shared/rpc-envelope';
import type { MediaKind, ResolvedMedia, UiEngineHost } from './engine';

export interface MessagePortLike {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

type Call = { method: CallName | 'resolveMedia'; input: unknown };
type ToEngine = ToWorker<never, Call>;
type FromEngine = FromWorker<null, unknown>;

const EVENTS: readonly EventName[] = EventNames;

/** Utility-process side: answers requests with the engine and forwards its events. */
export function serveEngine(engine: UiEngineHost, port: MessagePortLike): () => void {
  const offEvents = EVENTS.map((event) => engine.on(event, (payload) => port.post({ t: 'event', name: event, payload } satisfies FromEngine)));
  const off = port.onMessage(async (raw) => {
    const msg = raw as ToEngine;
    if (!msg || msg.t !== 'req' || typeof msg.id !== 'number' || !msg.body) return;
    const { method, input } = msg.body;
    try {
      let value: unknown;
      if (method === 'resolveMedia') {
        const { kind, fileId } = input as { kind: MediaKind; fileId: number };
        value = await engine.resolveMedia(kind, fileId);
      } else if ((CallNames as string[]).includes(method)) {
        // The UI's calls only: the CLI's local calls (paths on this machine) are not served here.
        value = await (engine[method] as (i: unknown) => Promise<unknown>).call(engine, input);
      } else {
        throw new GlimpseError('not-found', `unknown engine method ${String(method)}`);
      }
      port.post({ t: 'res', id: msg.id, body: value } satisfies FromEngine);
    } catch (err) {
      port.post({ t: 'err', id: msg.id, error: toErrorBody(err) } satisfies FromEngine);
    }
  });
  return () => {
    off();
    for (const o of offEvents) o();
  };
}

export function announceReady(port: MessagePortLike, error?: unknown): void {
  port.post((error === undefined ? { t: 'ready', info: null } : { t: 'err', id: null, error: toErrorBody(error) }) satisfies FromEngine);
}

export interface EngineClient extends UiEngineHost {
  /** Resolves once the engine process has opened its data dir; rejects if it could not. */
  ready: Promise<void>;
  /** Fails every pending and future call (the process died). */
  fail(error: GlimpseError): void;
}

/** Main-process side: a UiEngineHost whose calls travel to the utility process. */
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
    const msg = raw as FromEngine;
    if (!msg || typeof msg !== 'object') return;
    if (msg.t === 'ready') readyResolve();
    else if (msg.t === 'err' && msg.id === null) readyReject(new GlimpseError(msg.error.kind as ErrorKind, msg.error.message));
    else if (msg.t === 'event') for (const l of listeners.get(msg.name as EventName) ?? []) l(msg.payload);
    else if (msg.t === 'res' || msg.t === 'err') {
      const p = msg.id === null ? undefined : pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id!);
      if (p.timer) clearTimeout(p.timer);
      if (msg.t === 'res') p.resolve(msg.body);
      else p.reject(new GlimpseError(msg.error.kind as ErrorKind, msg.error.message));
    }
  });

  const request = (method: Call['method'], input: unknown): Promise<unknown> => {
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
      port.post({ t: 'req', id, body: { method, input } } satisfies ToEngine);
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
