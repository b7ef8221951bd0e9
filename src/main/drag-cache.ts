// Drag-out without an engine round trip inside dragstart: Electron's webContents.startDrag must run
// while the renderer's dragstart is being handled, but the file's path comes from the engine (another
// process). The page asks for it ahead ("prepare", on pointer-down or selection), this cache keeps
// the few most recent answers, and the drag message then starts the OS drag synchronously.
import { nativeImage, type NativeImage } from 'electron';
import type { UiEngineHost } from './engine';

export interface DragItem {
  file: string;
  icon: NativeImage;
}

const MAX = 32;
// startDrag needs a non-empty icon on macOS.
const FALLBACK_ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The file and its thumbnail (96 px) as a drag image, looked up through the engine by id. */
export async function resolveDragItem(engine: UiEngineHost, fileId: number): Promise<DragItem> {
  const file = (await engine.resolveMedia('original', fileId)).path;
  let icon = nativeImage.createEmpty();
  try {
    icon = nativeImage.createFromPath((await engine.resolveMedia('thumbnail', fileId)).path).resize({ width: 96 });
  } catch {}
  if (icon.isEmpty()) icon = nativeImage.createFromDataURL(FALLBACK_ICON);
  return { file, icon };
}

export class DragCache {
  private readonly items = new Map<number, DragItem>();
  private readonly pending = new Map<number, Promise<DragItem | null>>();

  constructor(private readonly engine: UiEngineHost) {}

  /** Resolves a file ahead of a drag (idempotent; failures just leave it out). */
  prepare(fileId: number): Promise<DragItem | null> {
    const have = this.items.get(fileId);
    if (have) return Promise.resolve(have);
    let p = this.pending.get(fileId);
    if (!p) {
      p = resolveDragItem(this.engine, fileId)
        .then((item) => {
          this.items.delete(fileId);
          this.items.set(fileId, item);
          while (this.items.size > MAX) this.items.delete(this.items.keys().next().value!);
          return item;
        })
        .catch(() => null)
        .finally(() => this.pending.delete(fileId));
      this.pending.set(fileId, p);
    }
    return p;
  }

  /** A prepared item, synchronously (undefined when it was not prepared yet). */
  get(fileId: number): DragItem | undefined {
    return this.items.get(fileId);
  }
}
