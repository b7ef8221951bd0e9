// A recording stand-in for the engine at the server's boundary (the EngineHost interface): the server
// is the unit under test here, so each call returns what the test tells it to and is recorded.
import type { EngineHost, MediaKind, ResolvedMedia } from '../../../src/main/engine/engine-host';
import type { CallName, EventName, EventPayload } from '../../../src/shared/contract';

export interface StubEngine extends EngineHost {
  calls: { name: string; input: unknown }[];
  emit<K extends EventName>(event: K, payload: EventPayload<K>): void;
  listenerCount(): number;
}

type Handlers = Partial<Record<CallName, (input: unknown) => unknown>> & {
  resolveMedia?: (kind: MediaKind, id: number) => ResolvedMedia | Promise<ResolvedMedia>;
};

export function stubEngine(handlers: Handlers = {}): StubEngine {
  const calls: { name: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const base = {
    calls,
    on(event: string, listener: (p: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event: string, payload: unknown) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount() {
      let n = 0;
      for (const s of listeners.values()) n += s.size;
      return n;
    },
    async resolveMedia(kind: MediaKind, id: number) {
      calls.push({ name: 'resolveMedia', input: { kind, id } });
      if (!handlers.resolveMedia) throw new Error('no media');
      return handlers.resolveMedia(kind, id);
    },
    async close() {},
  };
  return new Proxy(base, {
    get(target, prop: string) {
      if (prop in target) return (target as Record<string, unknown>)[prop];
      return async (input: unknown) => {
        calls.push({ name: prop, input });
        const h = (handlers as Record<string, ((i: unknown) => unknown) | undefined>)[prop];
        return h ? h(input) : { ok: true };
      };
    },
  }) as unknown as StubEngine;
}
