// Validation of everything the renderer sends over IPC, kept free of Electron so it is unit-tested
// directly: which frame may call, which call/action names exist, and every input parsed with the
// contract's zod schemas plus the UI policy (no file paths from the page).
import { z } from 'zod';
import type { CallName } from '../../shared/contract';
import { GlimpseError, toErrorBody } from '../../shared/errors';
import type { UiEngineHost } from '../engine';
import { isCallName, parseUiCallInput } from '../../shared/ui-input-policy';
import { DESKTOP_ACTIONS, type DesktopAction, type IpcResult } from '../../shared/ipc-channels';

/**
 * Only our own page may use the bridge: the app origin (glimpse://app) in production, the dev
 * server's origin under `electron-vite dev`. A frame that navigated elsewhere (it should not be able
 * to) or an injected iframe gets nothing.
 */
export function senderAllowed(frameUrl: string | undefined | null, devServerUrl?: string): boolean {
  if (!frameUrl) return false;
  let u: URL;
  try {
    u = new URL(frameUrl);
  } catch {
    return false;
  }
  if (u.protocol === 'glimpse:' && u.host === 'app') return true;
  if (devServerUrl) {
    try {
      return u.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

export function validateCall(name: unknown, input: unknown): { name: CallName; input: unknown } {
  if (typeof name !== 'string' || !isCallName(name)) throw new GlimpseError('not-found', `unknown call ${JSON.stringify(String(name)).slice(0, 80)}`);
  return { name, input: parseUiCallInput(name, input) };
}

const FileIdInput = z.object({ fileId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

export function validateDesktop(action: unknown, input: unknown): { action: DesktopAction; fileId: number | null } {
  if (typeof action !== 'string' || !(DESKTOP_ACTIONS as readonly string[]).includes(action)) {
    throw new GlimpseError('not-found', `unknown desktop action ${JSON.stringify(String(action)).slice(0, 80)}`);
  }
  if (action === 'pickFolder') return { action, fileId: null };
  const parsed = FileIdInput.safeParse(input);
  if (!parsed.success) throw new GlimpseError('bad-request', `${action} needs { fileId: positive integer }`);
  return { action: action as DesktopAction, fileId: parsed.data.fileId };
}

/** A drag-out request: just a file id (the path is looked up in main, never taken from the page). */
export function validateDragId(raw: unknown): number {
  const parsed = FileIdInput.shape.fileId.safeParse(raw);
  if (!parsed.success) throw new GlimpseError('bad-request', 'drag needs a positive integer file id');
  return parsed.data;
}

/** Runs one contract call for the renderer and wraps the outcome (errors do not cross IPC intact). */
export async function dispatchCall(engine: UiEngineHost, name: unknown, input: unknown): Promise<IpcResult<unknown>> {
  try {
    const v = validateCall(name, input);
    const fn = engine[v.name] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await fn.call(engine, v.input) };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}

export async function wrap<T>(fn: () => Promise<T>): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}
