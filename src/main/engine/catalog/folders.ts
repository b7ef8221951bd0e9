// Watched folders: add (idempotent), remove (cascades to its files and their jobs), list with
// file counts, and find the watched folder that contains a path.
import { sep } from 'node:path';
import { GlimpseError } from '../../../shared/errors';
import type { Statements } from './statements';
import type { FolderRow } from './types';

const COLS = 'id, path, added_at AS addedAt';

export class Folders {
  constructor(private readonly s: Statements) {}

  /** Adds a folder (absolute, normalised path expected); returns the existing row if already there. */
  add(path: string): FolderRow {
    const existing = this.getByPath(path);
    if (existing) return existing;
    return this.s
      .get<[string, string], FolderRow>(`INSERT INTO folders(path, added_at) VALUES (?, ?) RETURNING ${COLS}`)
      .get(path, new Date().toISOString())!;
  }

  get(id: number): FolderRow | undefined {
    return this.s.get<[number], FolderRow>(`SELECT ${COLS} FROM folders WHERE id = ?`).get(id);
  }

  getByPath(path: string): FolderRow | undefined {
    return this.s.get<[string], FolderRow>(`SELECT ${COLS} FROM folders WHERE path = ?`).get(path);
  }

  /**
   * Removes a folder and (by cascade) its files and jobs. Returns the number of files removed.
   * Contents left without files stay until Contents.gcOrphans() runs (so the caller can drop
   * their vectors from the HNSW indexes with the ids it returns).
   */
  remove(path: string): { folderId: number; files: number } {
    return this.s.tx(() => {
      const f = this.getByPath(path);
      if (!f) throw new GlimpseError('not-found', `folder is not watched: ${path}`);
      const n = this.s.get<[number], { n: number }>('SELECT count(*) AS n FROM files WHERE folder_id = ?').get(f.id)!.n;
      this.s.get('DELETE FROM folders WHERE id = ?').run(f.id);
      return { folderId: f.id, files: n };
    });
  }

  list(): (FolderRow & { files: number })[] {
    return this.s
      .get<[], FolderRow & { files: number }>(
        `SELECT f.id, f.path, f.added_at AS addedAt, (SELECT count(*) FROM files WHERE folder_id = f.id) AS files
         FROM folders f ORDER BY f.path`,
      )
      .all();
  }

  /** The watched folder whose path equals or contains `path` (deepest first), if any. */
  containing(path: string): FolderRow | undefined {
    let best: FolderRow | undefined;
    for (const f of this.s.get<[], FolderRow>(`SELECT ${COLS} FROM folders`).all()) {
      const prefix = f.path.endsWith(sep) || f.path.endsWith('/') ? f.path : f.path + sep;
      if ((path === f.path || path.startsWith(prefix)) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }
}
