// What a front end (Electron IPC handlers, the HTTP server of `glimpse serve`, the CLI) needs from the
// engine: the contract's calls, event subscriptions, and media resolution by opaque id (never by path).
import type { EventName, EventPayload, GlimpseApi } from '../../shared/contract';

export type MediaKind = 'thumbnail' | 'preview' | 'original';

export interface ResolvedMedia {
  /** Absolute path of a file under a watched folder or under the data dir's thumbnail cache. */
  path: string;
  mime: string;
}

export interface EngineHost extends GlimpseApi {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Resolves a catalog file id to a servable file; throws GlimpseError('not-found'|'forbidden'). */
  resolveMedia(kind: MediaKind, fileId: number): Promise<ResolvedMedia>;
  close(): Promise<void>;
}
