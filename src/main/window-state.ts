// Remembers the window's size, position and maximised state across launches
// (<userData>/window-state.json). A saved position is only reused when it is still on a connected
// display, so a window never reopens off-screen after a monitor is unplugged. No Electron import:
// the caller passes the displays' work areas.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './engine';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const MIN_WIDTH = 960;
export const MIN_HEIGHT = 640;
export const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };

const Saved = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});

/** Makes a saved state safe for the current displays. */
export function fitWindowState(saved: unknown, workAreas: Rect[]): WindowState {
  const parsed = Saved.safeParse(saved);
  if (!parsed.success || workAreas.length === 0) return { ...DEFAULT_STATE };
  const s = parsed.data;
  const biggest = workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const width = Math.max(MIN_WIDTH, Math.min(s.width, biggest.width));
  const height = Math.max(MIN_HEIGHT, Math.min(s.height, biggest.height));
  const out: WindowState = { width, height, maximized: s.maximized };
  if (s.x === undefined || s.y === undefined) return out;
  // The top strip of the window (where one grabs it) must be on some display, at least 100x40 px.
  const grab: Rect = { x: s.x, y: s.y, width, height: 40 };
  const visible = workAreas.some((a) => overlap(grab, a).width >= 100 && overlap(grab, a).height >= 20);
  if (visible) {
    out.x = s.x;
    out.y = s.y;
  }
  return out;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

export function loadWindowState(file: string, workAreas: Rect[]): WindowState {
  let raw: unknown = null;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {}
  return fitWindowState(raw, workAreas);
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileAtomic(file, JSON.stringify(state));
  } catch {}
}
