// Window state: a saved position is only reused when the window would still be reachable.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_STATE, fitWindowState, loadWindowState, saveWindowState } from '../../../src/main/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: -200, width: 2560, height: 1415 };
const dir = mkdtempSync(join(tmpdir(), 'glimpse-ws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fitWindowState', () => {
  it('keeps a position that is on a display', () => {
    expect(fitWindowState({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: false });
    expect(fitWindowState({ x: 2000, y: 0, width: 1600, height: 1000, maximized: true }, [laptop, external])).toMatchObject({ x: 2000, y: 0, maximized: true });
  });

  it('drops a position on a display that is gone, and shrinks to fit', () => {
    const s = fitWindowState({ x: 2000, y: 0, width: 2400, height: 1300, maximized: false }, [laptop]);
    expect(s.x).toBeUndefined();
    expect(s.y).toBeUndefined();
    expect(s.width).toBe(1440);
    expect(s.height).toBe(875);
  });

  it('enforces the minimum size and falls back to defaults on garbage', () => {
    expect(fitWindowState({ x: 10, y: 10, width: 200, height: 100 }, [laptop])).toMatchObject({ width: 960, height: 640, maximized: false });
    expect(fitWindowState('nonsense', [laptop])).toEqual(DEFAULT_STATE);
    expect(fitWindowState({ width: -5, height: 10 }, [laptop])).toEqual(DEFAULT_STATE);
    expect(fitWindowState({ x: 0, y: 0, width: 1000, height: 700 }, [])).toEqual(DEFAULT_STATE);
  });

  it('only reuses a position whose title strip is reachable', () => {
    // Entirely above the display: not reachable.
    expect(fitWindowState({ x: 100, y: -900, width: 1000, height: 700 }, [laptop]).y).toBeUndefined();
    // Only 50 px of width visible at the right edge: not enough to grab.
    expect(fitWindowState({ x: 1390, y: 100, width: 1000, height: 700 }, [laptop]).x).toBeUndefined();
  });
});

describe('load and save', () => {
  it('round-trips through the file and survives a corrupt one', () => {
    const file = join(dir, 'window-state.json');
    saveWindowState(file, { x: 20, y: 30, width: 1300, height: 820, maximized: true });
    expect(loadWindowState(file, [laptop])).toEqual({ x: 20, y: 30, width: 1300, height: 820, maximized: true });
    writeFileSync(file, '{not json');
    expect(loadWindowState(file, [laptop])).toEqual(DEFAULT_STATE);
    expect(loadWindowState(join(dir, 'missing.json'), [laptop])).toEqual(DEFAULT_STATE);
  });
});
