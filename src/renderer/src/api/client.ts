// The renderer's only door to the engine. Inside Electron it uses `window.glimpse` (the preload
// bridge, IPC); in a browser (`glimpse serve`) it uses HTTP on loopback. Nothing else in the renderer
// knows which one is in use, except through `desktop` (null in the browser).
import type { CallInput, CallName, CallOutput, EventName, EventPayload, GlimpseApi } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import type { DesktopBridge, GlimpseBridge } from '../../../shared/bridge-types';
import type { IpcResult } from '../../../shared/ipc-channels';
import { HttpTransport } from './http-transport';
import { bootstrapToken } from './token';

import type { MediaKind } from '../../../shared/media-ids';

export type { MediaKind };

/** Desktop actions with errors already unwrapped into GlimpseError. */
export interface DesktopActions {
  platform: string;
  revealInFolder(fileId: number): Promise<void>;
  openFile(fileId: number): Promise<void>;
  copyPath(fileId: number): Promise<void>;
  /** Moves a library file to the system trash. */
  trashFile(fileId: number): Promise<void>;
  pickFolder(): Promise<string | null>;
  startDrag(fileId: number): void;
  prepareDrag(fileId: number): void;
  onCommand: DesktopBridge['onCommand'];
}

export interface GlimpseClient {
  readonly mode: 'electron' | 'browser';
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  mediaUrl(kind: MediaKind, id: number): string;
  readonly desktop: DesktopActions | null;
}

function unwrap<T>(r: IpcResult<T>): T {
  if (r.ok) return r.value;
  throw new GlimpseError(r.error.kind, r.error.message);
}

function electronClient(bridge: GlimpseBridge): GlimpseClient {
  const d = bridge.desktop;
  return {
    mode: 'electron',
    async call(name, input) {
      const fn = bridge[name] as (i: unknown) => Promise<IpcResult<unknown>>;
      return unwrap(await fn(input)) as never;
    },
    on: (event, listener) => bridge.on(event, listener),
    // Served by the privileged glimpse: protocol in the main process, by opaque id only.
    mediaUrl: (kind, id) => `glimpse://${kind}/${id}`,
    desktop: {
      platform: d.platform,
      revealInFolder: async (id) => void unwrap(await d.revealInFolder(id)),
      openFile: async (id) => void unwrap(await d.openFile(id)),
      copyPath: async (id) => void unwrap(await d.copyPath(id)),
      trashFile: async (id) => void unwrap(await d.trashFile(id)),
      pickFolder: async () => unwrap(await d.pickFolder()).path,
      startDrag: (id) => d.startDrag(id),
      prepareDrag: (id) => d.prepareDrag(id),
      onCommand: (l) => d.onCommand(l),
    },
  };
}

function browserClient(): GlimpseClient {
  const http = new HttpTransport(bootstrapToken());
  return {
    mode: 'browser',
    call: (name, input) => http.call(name, input),
    on: (event, listener) => http.on(event, listener),
    mediaUrl: (kind, id) => http.mediaUrl(kind, id),
    desktop: null,
  };
}

function createClient(): GlimpseClient {
  const bridge = (window as unknown as { glimpse?: GlimpseBridge }).glimpse;
  return bridge ? electronClient(bridge) : browserClient();
}

export const client: GlimpseClient = createClient();

/** The contract as plain async methods, for call sites that read better as api.search(...). */
export const api: GlimpseApi = new Proxy({} as GlimpseApi, {
  get: (_t, name: string) => (input: unknown) => client.call(name as CallName, input as never),
});
