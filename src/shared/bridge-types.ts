// The shape of `window.glimpse` as the preload exposes it. Type-only for the renderer: its client
// module (src/renderer/src/api/client.ts) is the one place that touches it.
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './contract';
import type { IpcResult, MenuCommand } from './ipc-channels';

export type BridgeCalls = { [K in CallName]: (input: CallInput<K>) => Promise<IpcResult<CallOutput<K>>> };

export interface DesktopBridge {
  platform: string;
  revealInFolder(fileId: number): Promise<IpcResult<{ ok: true }>>;
  openFile(fileId: number): Promise<IpcResult<{ ok: true }>>;
  copyPath(fileId: number): Promise<IpcResult<{ ok: true }>>;
  /** Moves the file to the system trash (restorable there). */
  trashFile(fileId: number): Promise<IpcResult<{ ok: true }>>;
  /** Native folder picker; value.path is null when cancelled. */
  pickFolder(): Promise<IpcResult<{ path: string | null }>>;
  /** Call from a dragstart handler: the OS drag of the file itself starts in the main process. */
  startDrag(fileId: number): void;
  /** Call on pointer-down/selection of a result: its file is looked up so a drag can start at once. */
  prepareDrag(fileId: number): void;
  onCommand(listener: (command: MenuCommand) => void): () => void;
}

export type GlimpseBridge = BridgeCalls & {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  desktop: DesktopBridge;
};
