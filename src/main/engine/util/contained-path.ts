// Symlink policy in one place: a path counts as inside the library only if its REAL path (every
// link resolved) lies under the real path of a watched folder. Scanning, watching, indexing and
// serving media all ask this, so `notes.txt -> /etc/passwd` or `photos -> /` is never read or served.
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** True when `path` is `root` or below it (both absolute, already resolved). */
export function isWithin(path: string, root: string): boolean {
  const r = root.endsWith(sep) ? root : root + sep;
  return path === root || path.startsWith(r);
}

/** The real path of `path` when it lies inside one of `roots` (real paths), else null (also when it cannot be resolved). */
export async function realPathWithin(path: string, roots: readonly string[]): Promise<string | null> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return null;
  }
  return roots.some((r) => isWithin(real, resolve(r))) ? real : null;
}

/** Synchronous twin of realPathWithin (media resolution, watcher events). */
export function realPathWithinSync(path: string, roots: readonly string[]): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return null;
  }
  return roots.some((r) => isWithin(real, resolve(r))) ? real : null;
}
