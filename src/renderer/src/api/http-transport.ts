// Browser mode transport: contract calls as POST /api/<name> with the bearer token, events over one
// shared EventSource, media as /media/<kind>/<id>?token=... (an <img> cannot send headers).
import type { CallInput, CallName, CallOutput, ErrorBody, EventName, EventPayload } from '../../../shared/contract';
import { EventNames } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import type { MediaKind } from '../../../shared/media-ids';

type Listener = (payload: unknown) => void;

export class HttpTransport {
  private source: EventSource | null = null;
  private readonly listeners = new Map<EventName, Set<Listener>>();

  constructor(private readonly token: string | null) {}

  async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    let res: Response;
    try {
      res = await fetch(`api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new GlimpseError('io', 'Glimpse is not reachable: is `glimpse serve` still running?');
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    if (!res.ok) {
      const err = body as Partial<ErrorBody> | null;
      if (err && typeof err.kind === 'string' && typeof err.message === 'string') throw new GlimpseError(err.kind, err.message);
      throw new GlimpseError('internal', `request failed with HTTP ${res.status}`);
    }
    return body as CallOutput<K>;
  }

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    this.ensureSource();
    return () => {
      set.delete(listener as Listener);
    };
  }

  mediaUrl(kind: MediaKind, id: number): string {
    return `media/${kind}/${id}${this.token ? `?token=${encodeURIComponent(this.token)}` : ''}`;
  }

  private ensureSource(): void {
    if (this.source) return;
    const src = new EventSource(`api/events${this.token ? `?token=${encodeURIComponent(this.token)}` : ''}`);
    for (const name of EventNames) {
      src.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of this.listeners.get(name) ?? []) l(payload);
      });
    }
    this.source = src;
  }
}
