// The preload's menu/shortcut commands at the IPC boundary: a command sent to a window opened for it
// (global shortcut with the window closed) arrives before the page subscribes; the preload keeps the
// last one for the first subscriber instead of dropping it, and later commands go straight through.
import { describe, expect, it, vi } from 'vitest';

const e = vi.hoisted(() => ({ handlers: new Map<string, (...a: unknown[]) => void>(), exposed: null as unknown }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_name: string, api: unknown) => (e.exposed = api) },
  ipcRenderer: {
    on: (ch: string, fn: (...a: unknown[]) => void) => e.handlers.set(ch, fn),
    invoke: vi.fn(),
    send: vi.fn(),
  },
}));

await import('../../../src/preload/index');
const { IPC } = await import('../../../src/shared/ipc-channels');
type Bridge = { desktop: { onCommand(l: (c: string) => void): () => void } };

describe('preload commands', () => {
  it('delivers a command that came before any subscriber, once, then passes later ones through', async () => {
    const bridge = e.exposed as Bridge;
    const send = (cmd: string) => e.handlers.get(IPC.command)!({}, cmd);
    send('focus-search'); // the page is still loading
    const got: string[] = [];
    const off = bridge.desktop.onCommand((c) => got.push(c));
    await Promise.resolve();
    expect(got).toEqual(['focus-search']);
    send('toggle-preview');
    expect(got).toEqual(['focus-search', 'toggle-preview']);
    off();
    const again: string[] = [];
    bridge.desktop.onCommand((c) => again.push(c));
    await Promise.resolve();
    expect(again).toEqual([]); // already delivered
  });
});
