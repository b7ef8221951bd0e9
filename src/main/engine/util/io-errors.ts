// Plain one-line messages for the system errors users meet (disk full, read-only disk, no
// permission, a library locked by another program), instead of "(internal)" and a stack trace.
// Used by the CLI's top-level handler and wherever an errno reaches a user.
import { GlimpseError } from '../../../shared/errors';

const PLAIN: Record<string, string> = {
  ENOSPC: 'the disk is full',
  SQLITE_FULL: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  SQLITE_READONLY: 'the catalog is read-only (read-only disk or no write permission)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  EMFILE: 'too many open files',
  EIO: 'input/output error (a failing disk?)',
  EADDRINUSE: 'the port is already in use',
  SQLITE_BUSY: 'the catalog is locked by another program',
  SQLITE_LOCKED: 'the catalog is locked by another program',
  SQLITE_CORRUPT: 'the catalog is damaged',
  SQLITE_NOTADB: 'the catalog is not a SQLite database',
};

/** The error's code (errno or SQLite's, incl. extended codes like SQLITE_READONLY_DBMOVED). */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "the disk is full" for ENOSPC and its SQLite twin; else the error's first line, without a stack. */
export function plainIoMessage(err: unknown): string {
  const code = errorCode(err);
  if (code) {
    const base = PLAIN[code] ?? PLAIN[code.replace(/_[A-Z]+$/, '')] ?? PLAIN[code.split('_').slice(0, 2).join('_')];
    if (base) return base;
  }
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!;
}

/** A GlimpseError('io') with the plain message for a system error, or null when `err` is not one. */
export function asPlainIoError(err: unknown): GlimpseError | null {
  if (err instanceof GlimpseError) return null;
  const code = errorCode(err);
  if (!code || !(code in PLAIN || code.startsWith('SQLITE_'))) return null;
  const kind = code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'busy' : code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' ? 'corrupt' : 'io';
  const path = (err as { path?: unknown }).path;
  return new GlimpseError(kind, `${plainIoMessage(err)}${typeof path === 'string' ? `: ${path}` : ''}`, { cause: err });
}
