// Files on disk: one row per path. The scanner upserts what it sees (new / modified / unchanged),
// the pipeline attaches a content (by hash) and records the outcome (indexed, failed, skipped).
// A rename keeps the row, its content and so its vectors: no inference is repeated.
import { basename, dirname, extname } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import type { Contents } from './contents';
import type { Statements } from './statements';
import type { ErrorKind, FileErrorRow, FileKind, FileRow, FileStatus } from './types';

export const FILE_COLS = `f.id, f.folder_id AS folderId, f.path, f.name, f.dir, f.ext, f.size, f.mtime_ms AS mtimeMs,
  f.content_id AS contentId, f.kind, f.status, f.error_kind AS errorKind, f.error_message AS errorMessage,
  f.attempts, f.indexed_at AS indexedAt, f.created_at AS createdAt, f.updated_at AS updatedAt`;

/** The same columns for RETURNING clauses, which cannot use a table alias. */
const FILE_RET = FILE_COLS.replace(/\bf\./g, '');

export interface ScannedFile {
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
  kind: FileKind;
}

export type ScanChange = 'new' | 'modified' | 'unchanged';

export function pathParts(path: string): { name: string; dir: string; ext: string } {
  const name = basename(path);
  return { name, dir: dirname(path), ext: extname(name).slice(1).toLowerCase() };
}

const now = (): string => new Date().toISOString();

export class Files {
  constructor(
    private readonly s: Statements,
    private readonly contents: Contents,
  ) {}

  get(id: number): FileRow | undefined {
    return this.s.get<[number], FileRow>(`SELECT ${FILE_COLS} FROM files f WHERE f.id = ?`).get(id);
  }

  getByPath(path: string): FileRow | undefined {
    return this.s.get<[string], FileRow>(`SELECT ${FILE_COLS} FROM files f WHERE f.path = ?`).get(path);
  }

  /** All files sharing a content (duplicates), oldest first. */
  byContent(contentId: number): FileRow[] {
    return this.s.get<[number], FileRow>(`SELECT ${FILE_COLS} FROM files f WHERE f.content_id = ? ORDER BY f.id`).all(contentId);
  }

  /**
   * Records a file the scanner saw. New files are inserted as 'queued'; a changed size or mtime
   * re-queues the file (its old content stays attached until the new hash is known, so search
   * keeps finding it meanwhile). Unchanged files are left alone.
   */
  upsertScanned(input: ScannedFile): { file: FileRow; change: ScanChange } {
    return this.s.tx(() => {
      const old = this.getByPath(input.path);
      const t = now();
      if (!old) {
        const { name, dir, ext } = pathParts(input.path);
        const file = this.s
          .get<unknown[], FileRow>(
            `INSERT INTO files (folder_id, path, name, dir, ext, size, mtime_ms, kind, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING ${FILE_RET}`,
          )
          .get(input.folderId, input.path, name, dir, ext, input.size, Math.round(input.mtimeMs), input.kind, t, t)!;
        return { file, change: 'new' };
      }
      const same = old.size === input.size && old.mtimeMs === Math.round(input.mtimeMs) && old.kind === input.kind;
      if (same) {
        if (old.folderId !== input.folderId) {
          this.s.get('UPDATE files SET folder_id = ? WHERE id = ?').run(input.folderId, old.id);
          old.folderId = input.folderId;
        }
        return { file: old, change: 'unchanged' };
      }
      const file = this.s
        .get<unknown[], FileRow>(
          `UPDATE files SET folder_id = ?, size = ?, mtime_ms = ?, kind = ?, status = 'queued', error_kind = NULL,
             error_message = NULL, attempts = 0, updated_at = ? WHERE id = ? RETURNING ${FILE_RET}`,
        )
        .get(input.folderId, input.size, Math.round(input.mtimeMs), input.kind, t, old.id)!;
      return { file, change: 'modified' };
    });
  }

  /**
   * Points a file at the content with this hash, creating the content if new. `created: false`
   * means the bytes were seen before (duplicate or rename): reuse its vectors, skip inference.
   */
  attachContent(fileId: number, content: { hash: string; kind: FileKind; bytes: number }): { contentId: number; created: boolean; previousContentId: number | null } {
    return this.s.tx(() => {
      const file = this.get(fileId);
      if (!file) throw new GlimpseError('not-found', `no file with id ${fileId}`);
      const { id, created } = this.contents.ensure(content.hash, content.kind, content.bytes);
      if (file.contentId !== id) {
        this.s.get('UPDATE files SET content_id = ?, updated_at = ? WHERE id = ?').run(id, now(), fileId);
      }
      return { contentId: id, created, previousContentId: file.contentId };
    });
  }

  markIndexed(fileId: number): void {
    const t = now();
    this.s
      .get(`UPDATE files SET status = 'indexed', error_kind = NULL, error_message = NULL, indexed_at = ?, updated_at = ? WHERE id = ?`)
      .run(t, t, fileId);
  }

  /** Records a failure (kind + human message), counting the attempt. */
  markFailed(fileId: number, kind: ErrorKind, message: string): void {
    this.s
      .get(`UPDATE files SET status = 'failed', error_kind = ?, error_message = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`)
      .run(kind, message, now(), fileId);
  }

  /** A file deliberately not indexed (too large, unsupported, password-protected, ...). */
  markSkipped(fileId: number, kind: ErrorKind, message: string): void {
    this.s
      .get(`UPDATE files SET status = 'skipped', error_kind = ?, error_message = ?, updated_at = ? WHERE id = ?`)
      .run(kind, message, now(), fileId);
  }

  /** Puts a file back to 'queued' (e.g. retry after a failure, or after a model switch). */
  requeue(fileId: number): void {
    this.s.get(`UPDATE files SET status = 'queued', error_kind = NULL, error_message = NULL, updated_at = ? WHERE id = ?`).run(now(), fileId);
  }

  /**
   * Moves a file row to a new path, keeping its id, content, vectors and status. If a row already
   * exists at the new path it is replaced (like `mv` over an existing file).
   */
  rename(oldPath: string, newPath: string, folderId?: number): FileRow {
    return this.s.tx(() => {
      const old = this.getByPath(oldPath);
      if (!old) throw new GlimpseError('not-found', `no file at ${oldPath}`);
      if (oldPath === newPath) return old;
      this.s.get('DELETE FROM files WHERE path = ?').run(newPath);
      const { name, dir, ext } = pathParts(newPath);
      return this.s
        .get<unknown[], FileRow>(
          `UPDATE files SET path = ?, name = ?, dir = ?, ext = ?, folder_id = ?, updated_at = ? WHERE id = ? RETURNING ${FILE_RET}`,
        )
        .get(newPath, name, dir, ext, folderId ?? old.folderId, now(), old.id)!;
    });
  }

  /** Deletes the row for a path (its job goes with it). Returns the removed row, if any. */
  removeByPath(path: string): FileRow | undefined {
    return this.s.get<[string], FileRow>(`DELETE FROM files WHERE path = ? RETURNING ${FILE_RET}`).get(path);
  }

  /** Deletes rows by id in one transaction; returns how many went. */
  removeByIds(ids: readonly number[]): number {
    if (ids.length === 0) return 0;
    return this.s.get('DELETE FROM files WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids)).changes;
  }

  /** What the catalog knows about a folder's files, for the scanner to diff against the disk. */
  listInFolder(folderId: number): { id: number; path: string; size: number; mtimeMs: number; status: FileStatus; kind: FileKind }[] {
    return this.s
      .get<[number], { id: number; path: string; size: number; mtimeMs: number; status: FileStatus; kind: FileKind }>(
        'SELECT id, path, size, mtime_ms AS mtimeMs, status, kind FROM files WHERE folder_id = ?',
      )
      .all(folderId);
  }

  countsByStatus(): Record<FileStatus, number> {
    const out: Record<FileStatus, number> = { queued: 0, indexed: 0, failed: 0, skipped: 0 };
    for (const r of this.s.get<[], { status: FileStatus; n: number }>('SELECT status, count(*) AS n FROM files GROUP BY status').all()) {
      out[r.status] = r.n;
    }
    return out;
  }

  /** File counts per kind; with `status`, only files in that status (e.g. 'indexed'). */
  countsByKind(status?: FileStatus): Record<FileKind, number> {
    const out: Record<FileKind, number> = { image: 0, document: 0 };
    const rows = status
      ? this.s.get<[string], { kind: FileKind; n: number }>('SELECT kind, count(*) AS n FROM files WHERE status = ? GROUP BY kind').all(status)
      : this.s.get<[], { kind: FileKind; n: number }>('SELECT kind, count(*) AS n FROM files GROUP BY kind').all();
    for (const r of rows) out[r.kind] = r.n;
    return out;
  }

  /** The most recent failures, newest first. */
  lastErrors(limit = 20): FileErrorRow[] {
    return this.s
      .get<[number], FileErrorRow>(
        `SELECT id AS fileId, path, coalesce(error_kind, 'internal') AS kind, coalesce(error_message, '') AS message, updated_at AS at
         FROM files WHERE status = 'failed' ORDER BY updated_at DESC, id DESC LIMIT ?`,
      )
      .all(Math.max(0, Math.floor(limit)));
  }
}
