// What a front end (Electron IPC handlers, the HTTP server of `glimpse serve`, the CLI) gets from the
// engine: the contract's calls, event subscriptions, and media resolution by opaque id (never by
// path). The UI front ends serve `Calls` only; the CLI, a trusted local process, also makes the
// `LocalCalls` (paths on this machine).
import type { EventName, EventPayload, GlimpseApi, LocalApi } from '../../shared/contract';
import type { MediaKind } from '../../shared/media-ids';

export type { MediaKind };

export interface ResolvedMedia {
  /** Absolute path of a file under a watched folder or under the data dir's thumbnail cache. */
  path: string;
  mime: string;
}

/** What the UI front ends use (Electron IPC through the utility process, the HTTP server): the contract's Calls. */
export interface UiEngineHost extends GlimpseApi {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Resolves a catalog file id to a servable file; throws GlimpseError('not-found'|'forbidden'). */
  resolveMedia(kind: MediaKind, fileId: number): Promise<ResolvedMedia>;
  /** Stops watching and indexing, saves the indexes, closes the catalog, releases the lock. */
  close(): Promise<void>;
}

/** The engine as `openEngine` returns it: the UI's calls, the CLI's local calls, ownership. */
export interface EngineHost extends UiEngineHost, LocalApi {
  /** True when this process is the library's one writer (it holds the data dir lock). */
  readonly ownsLibrary: boolean;
}
