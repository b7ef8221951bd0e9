// The IPC wiring in main with Electron's ipcMain, shell, clipboard... stubbed at that boundary only:
// sender checks, validation before the engine is reached, desktop actions resolving paths through the
// engine (never from the page), drag-out, and engine events reaching the window.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GlimpseError } from '../../../src/shared/errors';
import { stubEngine, type StubEngine } from '../server/stub-engine';

const e = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const sent: unknown[][] = [];
  const window = { isDestroyed: () => false, webContents: { send: (...args: unknown[]) => sent.push(args) } };
  return {
    handlers,
    sent,
    window,
    clipboard: { writeText: vi.fn() },
    shell: { showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/me/Pictures'] })) },
    startDrag: vi.fn(),
  };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (...a: unknown[]) => unknown) => e.handlers.set(ch, fn),
    on: (ch: string, fn: (...a: unknown[]) => unknown) => e.handlers.set(ch, fn),
    removeHandler: (ch: string) => e.handlers.delete(ch),
    off: (ch: string) => e.handlers.delete(ch),
  },
  BrowserWindow: { getAllWindows: () => [e.window], fromWebContents: () => null },
  clipboard: e.clipboard,
  shell: e.shell,
  dialog: e.dialog,
  nativeImage: {
    createEmpty: () => ({ isEmpty: () => true }),
    createFromPath: () => ({ resize: () => ({ isEmpty: () => false }) }),
    createFromDataURL: () => ({ isEmpty: () => false }),
  },
}));

const { registerIpc } = await import('../../../src/main/ipc/register');
const { IPC } = await import('../../../src/shared/ipc-channels');

const APP = { senderFrame: { url: 'glimpse://app/index.html' }, sender: { startDrag: e.startDrag } };
const EVIL = { senderFrame: { url: 'https://evil.example/' }, sender: { startDrag: e.startDrag } };
const PHOTO = '/library/photos/beach.jpg';

let engine: StubEngine;
let unregister: () => void;

beforeEach(() => {
  unregister?.();
  vi.clearAllMocks();
  e.sent.length = 0;
  engine = stubEngine({
    search: (i) => ({ got: i }),
    resolveMedia: (kind, id) => {
      if (id === 5) return { path: kind === 'thumbnail' ? '/cache/5.webp' : PHOTO, mime: 'image/jpeg' };
      throw new GlimpseError('forbidden', 'file is outside the watched folders');
    },
  });
  unregister = registerIpc(engine);
});

const invoke = (ch: string, ev: unknown, ...args: unknown[]) => e.handlers.get(ch)!(ev, ...args) as Promise<unknown>;

describe('contract calls', () => {
  it('reach the engine only from our page and only with valid input', async () => {
    expect(await invoke(IPC.call, APP, 'search', { query: 'beach' })).toMatchObject({ ok: true, value: { got: { query: 'beach', pageSize: 50 } } });
    expect(await invoke(IPC.call, EVIL, 'search', { query: 'beach' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await invoke(IPC.call, { senderFrame: null }, 'search', { query: 'x' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await invoke(IPC.call, APP, 'search', { query: '' })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await invoke(IPC.call, APP, 'similar', { image: { path: '/etc/passwd' } })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(engine.calls.map((c) => c.name)).toEqual(['search']);
  });
});

describe('desktop actions', () => {
  it('look the path up through the engine by id', async () => {
    expect(await invoke(IPC.desktop, APP, 'copyPath', { fileId: 5 })).toEqual({ ok: true, value: { ok: true } });
    expect(e.clipboard.writeText).toHaveBeenCalledWith(PHOTO);
    expect(await invoke(IPC.desktop, APP, 'revealInFolder', { fileId: 5 })).toMatchObject({ ok: true });
    expect(e.shell.showItemInFolder).toHaveBeenCalledWith(PHOTO);
    expect(await invoke(IPC.desktop, APP, 'openFile', { fileId: 5 })).toMatchObject({ ok: true });
    expect(e.shell.openPath).toHaveBeenCalledWith(PHOTO);
    expect(await invoke(IPC.desktop, APP, 'pickFolder', {})).toEqual({ ok: true, value: { path: '/home/me/Pictures' } });
  });

  it('refuse ids outside watched folders, paths, unknown actions and foreign pages', async () => {
    expect(await invoke(IPC.desktop, APP, 'copyPath', { fileId: 6 })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await invoke(IPC.desktop, APP, 'openFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await invoke(IPC.desktop, APP, 'deleteFile', { fileId: 5 })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await invoke(IPC.desktop, EVIL, 'copyPath', { fileId: 5 })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(e.clipboard.writeText).not.toHaveBeenCalled();
    expect(e.shell.openPath).not.toHaveBeenCalled();
  });
});

describe('drag out', () => {
  it('starts an OS drag of the resolved file, and nothing for bad input', async () => {
    e.handlers.get(IPC.drag)!(APP, 5);
    await vi.waitFor(() => expect(e.startDrag).toHaveBeenCalledTimes(1));
    expect(e.startDrag.mock.calls[0]![0]).toMatchObject({ file: PHOTO });
    e.handlers.get(IPC.drag)!(APP, '/etc/passwd');
    e.handlers.get(IPC.drag)!(EVIL, 5);
    e.handlers.get(IPC.drag)!(APP, 6);
    await new Promise((r) => setTimeout(r, 30));
    expect(e.startDrag).toHaveBeenCalledTimes(1);
  });
});

describe('drag out, prepared', () => {
  it('starts the OS drag synchronously once the file was prepared (Electron needs it during dragstart)', async () => {
    e.handlers.get(IPC.prepareDrag)!(APP, 5);
    e.handlers.get(IPC.prepareDrag)!(EVIL, 7);
    await vi.waitFor(() => expect(engine.calls.filter((c) => c.name === 'resolveMedia').length).toBeGreaterThanOrEqual(2));
    await new Promise((r) => setTimeout(r, 0));
    const before = engine.calls.length;
    e.handlers.get(IPC.drag)!(APP, 5);
    // No await: the drag started inside the handler, without asking the engine again.
    expect(e.startDrag).toHaveBeenCalledTimes(1);
    expect(e.startDrag.mock.calls[0]![0]).toMatchObject({ file: PHOTO });
    expect(engine.calls.length).toBe(before);
    // The foreign page's preparation was refused: the engine was never asked about 7.
    expect(engine.calls.some((c) => (c.input as { id?: number }).id === 7)).toBe(false);
  });
});

describe('events', () => {
  it('forwards engine events to the window and stops after unregistering', () => {
    const p = { queued: 3, done: 1, failed: 0, ratePerSec: 2, etaSeconds: 2, paused: false, current: null };
    engine.emit('progress', p);
    engine.emit('fileError', { path: '/x.jpg', kind: 'corrupt', message: 'bad' });
    expect(e.sent).toEqual([
      [IPC.event, 'progress', p],
      [IPC.event, 'fileError', { path: '/x.jpg', kind: 'corrupt', message: 'bad' }],
    ]);
    unregister();
    engine.emit('progress', p);
    expect(e.sent).toHaveLength(2);
    expect(e.handlers.size).toBe(0);
  });
});
