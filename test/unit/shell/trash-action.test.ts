// Move to trash (duplicates clean-up, bulk actions) at the Electron boundary: the page names a file
// by id, main resolves it through the engine (files under watched folders only) and hands it to the
// system trash; never a delete, never a path from the page.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GlimpseError } from '../../../src/shared/errors';
import { stubEngine } from '../server/stub-engine';

const e = vi.hoisted(() => ({
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  shell: { showItemInFolder: vi.fn(), openPath: vi.fn(async () => ''), trashItem: vi.fn(async () => undefined) },
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (...a: unknown[]) => unknown) => e.handlers.set(ch, fn),
    on: (ch: string, fn: (...a: unknown[]) => unknown) => e.handlers.set(ch, fn),
    removeHandler: (ch: string) => e.handlers.delete(ch),
    off: (ch: string) => e.handlers.delete(ch),
  },
  BrowserWindow: { getAllWindows: () => [], fromWebContents: () => null },
  clipboard: { writeText: vi.fn() },
  shell: e.shell,
  dialog: { showOpenDialog: vi.fn() },
  nativeImage: { createEmpty: () => ({ isEmpty: () => true }), createFromPath: () => ({ resize: () => ({ isEmpty: () => false }) }) },
}));

const { registerIpc } = await import('../../../src/main/ipc/register');
const { IPC } = await import('../../../src/shared/ipc-channels');

const APP = { senderFrame: { url: 'glimpse://app/index.html' }, sender: {} };
const EVIL = { senderFrame: { url: 'https://evil.example/' }, sender: {} };
const invoke = (ev: unknown, ...args: unknown[]) => e.handlers.get(IPC.desktop)!(ev, ...args) as Promise<unknown>;

beforeEach(() => {
  vi.clearAllMocks();
  registerIpc(
    stubEngine({
      resolveMedia: (_kind, id) => {
        if (id === 5) return { path: '/library/photos/copy.jpg', mime: 'image/jpeg' };
        throw new GlimpseError('forbidden', 'file is outside the watched folders');
      },
    }),
  );
});

describe('trashFile', () => {
  it('moves a library file to the system trash by id', async () => {
    expect(await invoke(APP, 'trashFile', { fileId: 5 })).toEqual({ ok: true, value: { ok: true } });
    expect(e.shell.trashItem).toHaveBeenCalledWith('/library/photos/copy.jpg');
  });

  it('refuses files outside the watched folders, paths, and other pages', async () => {
    expect(await invoke(APP, 'trashFile', { fileId: 6 })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await invoke(APP, 'trashFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await invoke(EVIL, 'trashFile', { fileId: 5 })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(e.shell.trashItem).not.toHaveBeenCalled();
  });
});
