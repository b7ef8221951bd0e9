// The read queries search needs: turn ranked ids from HNSW or FTS (content ids, file ids, chunk
// ids) into present files with their metadata in ONE query each, applying the search filters
// (folder prefix, kind, date range, has GPS, camera) and keeping the input order. Also the
// filtered id set for HNSW filter callbacks, and a date/name-sorted listing for browsing.
//
// Dates: a file's date is its EXIF taken_at (local time, as the camera wrote it) or, when it has
// none (documents, screenshots), its mtime as UTC ISO text. `after`/`before` are inclusive days.
import type { SearchFilters } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import { FilterIndex, folderPrefix } from './filter-index';
import type { Statements } from './statements';
import type { ChunkSource, ErrorKind, FileKind, FileStatus } from './types';

export type ResultFilters = Partial<SearchFilters>;

export interface ResultRow {
  fileId: number;
  contentId: number | null;
  path: string;
  name: string;
  kind: FileKind;
  status: FileStatus;
  size: number;
  mtimeMs: number;
  /** taken_at, else mtime (UTC ISO, no zone), see header. */
  date: string;
  takenAt: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  thumbnail: string | null;
  errorKind: ErrorKind | null;
  errorMessage: string | null;
  /** A document's own title (doc_meta), null for images and untitled documents. */
  title: string | null;
}

/** What ranking, filtering and date sorting need of a file (cheap to read for 100k keyword matches). */
export type BriefRow = Pick<ResultRow, 'fileId' | 'contentId' | 'name' | 'title' | 'kind' | 'status' | 'date'>;

export interface ChunkResultRow extends ResultRow {
  chunkId: number;
  source: ChunkSource;
  page: number | null;
  text: string;
}

export const DATE_EXPR = `coalesce(m.taken_at, strftime('%Y-%m-%dT%H:%M:%S', f.mtime_ms / 1000.0, 'unixepoch'))`;

const ROW_COLS = `f.id AS fileId, f.content_id AS contentId, f.path, f.name, f.kind, f.status, f.size, f.mtime_ms AS mtimeMs,
  ${DATE_EXPR} AS date, m.taken_at AS takenAt, m.camera, m.lat, m.lon, m.width, m.height, m.orientation,
  t.path AS thumbnail, f.error_kind AS errorKind, f.error_message AS errorMessage, d.title AS title`;

const META_JOINS =
  'LEFT JOIN image_meta m ON m.content_id = f.content_id LEFT JOIN thumbnails t ON t.content_id = f.content_id LEFT JOIN doc_meta d ON d.content_id = f.content_id';

export interface ListOptions {
  filters?: ResultFilters;
  sort?: 'date' | 'name' | 'path';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  /** Only files in this status (default 'indexed'; 'any' for all). */
  status?: FileStatus | 'any';
}

/** Filter sets (contentIdsMatching) kept, most recent last: a few MB at 250k files. */
const ALLOWED_SETS_KEPT = 4;

export class Lookup {
  private readonly allowedSets = new Map<string, { stamp: string; ids: ReadonlySet<number> }>();
  /** Filters answered from memory once built (filter-index.ts); SQL until then and after changes. */
  readonly filterIndex: FilterIndex;

  constructor(private readonly s: Statements) {
    this.filterIndex = new FilterIndex(s, () => this.changeStamp());
  }

  /**
   * Changes whenever the catalog may have changed: a commit by another connection (data_version)
   * or any row written through this one (total_changes). Search keeps a query's ordered matches
   * while it stays the same.
   */
  changeStamp(): string {
    const version = this.s.get<[], number>('PRAGMA data_version').pluck().get()!;
    const changes = this.s.get<[], number>('SELECT total_changes()').pluck().get()!;
    return `${version}:${changes}`;
  }

  /**
   * Files for ranked content ids (HNSW image hits), in input order, filtered. A content shared by
   * several files (duplicates) yields each of them unless `onePerContent` (then the oldest file).
   */
  resolveContents(contentIds: readonly number[], opts: { filters?: ResultFilters; onePerContent?: boolean } = {}): ResultRow[] {
    if (contentIds.length === 0) return [];
    const w = buildFilters(opts.filters);
    const rows = this.s
      .get<unknown[], ResultRow>(
        `SELECT ${ROW_COLS} FROM json_each(?) j CROSS JOIN files f ON f.content_id = j.value ${META_JOINS}
         ${w.where} ORDER BY j.key, f.id`,
      )
      .all(JSON.stringify(contentIds), ...w.params);
    if (!opts.onePerContent) return rows;
    const seen = new Set<number | null>();
    return rows.filter((r) => (seen.has(r.contentId) ? false : (seen.add(r.contentId), true)));
  }

  /** Files by id, in input order, filtered (keyword hits, fileInfo). */
  resolveFiles(fileIds: readonly number[], opts: { filters?: ResultFilters } = {}): ResultRow[] {
    if (fileIds.length === 0) return [];
    const w = buildFilters(opts.filters);
    return this.s
      .get<unknown[], ResultRow>(`SELECT ${ROW_COLS} FROM json_each(?) j CROSS JOIN files f ON f.id = j.value ${META_JOINS} ${w.where} ORDER BY j.key`)
      .all(JSON.stringify(fileIds), ...w.params);
  }

  /**
   * Brief rows of files by id (input order not kept), filtered: for every keyword match of a
   * query, where full rows (paths, thumbnails, EXIF) are only needed for the page shown.
   */
  resolveBrief(fileIds: readonly number[], opts: { filters?: ResultFilters } = {}): BriefRow[] {
    if (fileIds.length === 0) return [];
    const w = buildFilters(opts.filters);
    return this.s
      .get<unknown[], BriefRow>(
        `SELECT f.id AS fileId, f.content_id AS contentId, f.name, d.title, f.kind, f.status, ${DATE_EXPR} AS date
         FROM json_each(?) j CROSS JOIN files f ON f.id = j.value
         LEFT JOIN image_meta m ON m.content_id = f.content_id LEFT JOIN doc_meta d ON d.content_id = f.content_id ${w.where}`,
      )
      .all(JSON.stringify(fileIds), ...w.params);
  }

  /** Passages with their files for ranked chunk ids (HNSW chunk hits), in input order, filtered. */
  resolveChunks(chunkIds: readonly number[], opts: { filters?: ResultFilters; onePerContent?: boolean } = {}): ChunkResultRow[] {
    if (chunkIds.length === 0) return [];
    const w = buildFilters(opts.filters);
    const rows = this.s
      .get<unknown[], ChunkResultRow>(
        `SELECT ${ROW_COLS}, c.id AS chunkId, c.source, c.page, c.text
         FROM json_each(?) j CROSS JOIN chunks c ON c.id = j.value CROSS JOIN files f ON f.content_id = c.content_id ${META_JOINS}
         ${w.where} ORDER BY j.key, f.id`,
      )
      .all(JSON.stringify(chunkIds), ...w.params);
    if (opts.onePerContent === false) return rows;
    const seen = new Set<number>(); // one file per chunk by default: duplicates of a document add nothing
    return rows.filter((r) => (seen.has(r.chunkId) ? false : (seen.add(r.chunkId), true)));
  }

  /**
   * Content ids having at least one file that passes the filters, for an HNSW filter callback
   * (`id => set.has(id)`). Returns null when the filters exclude nothing (skip filtering).
   */
  contentIdsMatching(filters: ResultFilters | undefined): ReadonlySet<number> | null {
    const w = buildFilters(filters);
    if (!w.where) return null;
    // The same filters come back with every query the user types while they stay set: the set is
    // kept while the catalog is unchanged. A new one comes from the filter index (a few ms at 250k
    // files) or, until it is built or after a change, from SQLite (photos after 2019 at 250k files:
    // 150-450 ms read one id at a time, less as one JSON array).
    const key = JSON.stringify([w.where, w.params]);
    const stamp = this.changeStamp();
    const hit = this.allowedSets.get(key);
    if (hit && hit.stamp === stamp) return hit.ids;
    const ids: ReadonlySet<number> =
      this.filterIndex.contentIds(filters!, stamp) ??
      new Set(
        JSON.parse(
          this.s
            .get<unknown[], string>(`SELECT json_group_array(DISTINCT f.content_id) FROM files f ${META_JOINS} ${w.where} AND f.content_id IS NOT NULL`)
            .pluck()
            .get(...w.params)!,
        ) as number[],
      );
    this.allowedSets.delete(key);
    this.allowedSets.set(key, { stamp, ids });
    while (this.allowedSets.size > ALLOWED_SETS_KEPT) this.allowedSets.delete(this.allowedSets.keys().next().value!);
    return ids;
  }

  /** A page of files sorted by date (newest first by default), name or path. */
  list(opts: ListOptions = {}): ResultRow[] {
    const w = buildFilters(opts.filters, opts.status ?? 'indexed');
    const sortExpr = opts.sort === 'name' ? 'f.name COLLATE NOCASE' : opts.sort === 'path' ? 'f.path' : 'date';
    const order = opts.order === 'asc' ? 'ASC' : opts.order === 'desc' ? 'DESC' : opts.sort && opts.sort !== 'date' ? 'ASC' : 'DESC';
    return this.s
      .get<unknown[], ResultRow>(`SELECT ${ROW_COLS} FROM files f ${META_JOINS} ${w.where} ORDER BY ${sortExpr} ${order}, f.id ${order} LIMIT ? OFFSET ?`)
      .all(...w.params, clampInt(opts.limit ?? 100, 1, 10_000), clampInt(opts.offset ?? 0, 0, Number.MAX_SAFE_INTEGER));
  }

  /** Number of files passing the filters (status as in list()). */
  count(filters?: ResultFilters, status: FileStatus | 'any' = 'indexed'): number {
    const w = buildFilters(filters, status);
    return this.s.get<unknown[], number>(`SELECT count(*) FROM files f ${META_JOINS} ${w.where}`).pluck().get(...w.params)!;
  }
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(Number.isFinite(v) ? v : lo)));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(name: string, v: string): string {
  if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new GlimpseError('bad-request', `${name} must be a date YYYY-MM-DD, got "${v}"`);
  return v;
}

function nextDay(v: string): string {
  return new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** WHERE clause + params for the filters, or an empty clause when nothing is filtered. */
export function buildFilters(filters: ResultFilters | undefined, status: FileStatus | 'any' = 'any'): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (status !== 'any') {
    parts.push('f.status = ?');
    params.push(status);
  }
  const f = filters ?? {};
  if (f.type && f.type !== 'all') {
    parts.push('f.kind = ?');
    params.push(f.type);
  }
  if (f.folder) {
    const { exact: folder, prefix } = folderPrefix(f.folder);
    parts.push('(f.path = ? OR substr(f.path, 1, ?) = ?)');
    params.push(folder, [...prefix].length, prefix); // substr counts code points
  }
  if (f.after) {
    parts.push(`${DATE_EXPR} >= ?`);
    params.push(checkDay('after', f.after));
  }
  if (f.before) {
    parts.push(`${DATE_EXPR} < ?`);
    params.push(nextDay(checkDay('before', f.before)));
  }
  if (f.hasGps === true) parts.push('(m.lat IS NOT NULL AND m.lon IS NOT NULL)');
  if (f.hasGps === false) parts.push('(m.lat IS NULL OR m.lon IS NULL)');
  if (f.camera) {
    parts.push(`m.camera LIKE ? ESCAPE '\\'`);
    params.push(`%${f.camera.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}
