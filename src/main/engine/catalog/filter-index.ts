// The search filters' facts of every file in typed arrays, so a filter's allowed content ids (the
// HNSW filter callback's set) come from one pass over memory instead of a SQL scan: at 250k files,
// photos after 2019 (135k ids) took 150-450 ms from SQLite and takes a few ms here.
//
// Per file (position i): file id, content id, kind, the day of its mtime. Per content: the day of
// its EXIF taken_at, GPS or not, camera (interned). ~5 MB at 250k files. Folder filters are the
// one part asked of SQLite (a range of the unique path index: the files under a folder).
//
// Correctness: the index is built for one catalog change stamp (Lookup.changeStamp) and answers
// only while the catalog is unchanged; after any write, callers fall back to SQL and a rebuild is
// scheduled in the background once the catalog has been quiet for a moment. It is built in steps
// of STEP file ids on timers (unref'd), so it never holds the event loop for long, and is thrown
// away if the catalog changed between its first and last step.
//
// Dates compare as SQL compares them (lookup.ts DATE_EXPR >= 'YYYY-MM-DD', < next day): on text,
// and a text compared with a 10-character 'YYYY-MM-DD' depends on its first 10 characters only, so
// each date is kept as its first 10 characters: a number yyyymmdd when they are digits in that
// shape (the same order as the text), else the text itself (rare; compared as text).
import { sep } from 'node:path';
import { logger } from '../util/logger';
import type { Statements } from './statements';
import type { ResultFilters } from './lookup';

const log = logger('catalog');

/** File ids per build step: one SQL statement each (~20-40 ms at load). */
const STEP = 32_768;
/** Quiet time the catalog needs (no change stamp moving) before a rebuild starts. */
const QUIET_MS = 300;
/** A rebuild waits at most this many quiet checks, then waits for the next query to ask again. */
const MAX_WAITS = 20;
/** strftime covers years 0000-9999: mtimes outside [0, year 10000) are left to SQLite. */
const MAX_MTIME_MS = 253_402_300_800_000;

const KIND_CODE: Record<string, number> = { image: 1, document: 2 };
const NO_DAY = 0;
const ODD_DAY = -1;

interface Built {
  stamp: string;
  n: number;
  fileIds: Int32Array;
  contentIds: Int32Array;
  kinds: Uint8Array;
  /** yyyymmdd of the mtime (UTC), or ODD_DAY (see oddFileDays). */
  mtimeDays: Int32Array;
  /** Per content id: yyyymmdd of taken_at, NO_DAY (none: the file's mtime counts) or ODD_DAY. */
  takenDays: Int32Array;
  /** Per content id: 1 when lat and lon are set. */
  gps: Uint8Array;
  /** Per content id: 1 + index in cameras, 0 for none. */
  cameraOf: Uint16Array;
  cameras: string[];
  /** The first 10 characters of dates not in the yyyymmdd shape; null for a date SQLite has none of. */
  oddTaken: Map<number, string | null>;
  oddFileDays: Map<number, string | null>;
  maxContentId: number;
  maxFileId: number;
}

/** A set of content ids in a bitmap (has) and an array (iteration): what HNSW's `allowed` needs. */
export class ContentIdSet implements ReadonlySet<number> {
  constructor(
    private readonly bits: Uint8Array,
    private readonly ids: Int32Array,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    return this.bits[id] === 1;
  }

  *[Symbol.iterator](): SetIterator<number> {
    for (let i = 0; i < this.ids.length; i++) yield this.ids[i]!;
  }

  keys(): SetIterator<number> {
    return this[Symbol.iterator]();
  }

  values(): SetIterator<number> {
    return this[Symbol.iterator]();
  }

  *entries(): SetIterator<[number, number]> {
    for (let i = 0; i < this.ids.length; i++) yield [this.ids[i]!, this.ids[i]!];
  }

  forEach(fn: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.ids.length; i++) fn.call(thisArg, this.ids[i]!, this.ids[i]!, this);
  }
}

export interface FilterIndexStats {
  ready: boolean;
  files: number;
  builds: number;
  lastBuildMs: number;
}

export class FilterIndex {
  private built: Built | null = null;
  private timer: NodeJS.Timeout | null = null;
  private waits = 0;
  private lastSeen = '';
  private closed = false;
  private builds = 0;
  private lastBuildMs = 0;

  constructor(
    private readonly s: Statements,
    private readonly changeStamp: () => string,
  ) {}

  /**
   * The content ids having a file that passes the filters, or undefined when the index cannot
   * answer (not built yet, or the catalog changed since: a rebuild is scheduled). `stamp` is the
   * caller's current change stamp.
   */
  contentIds(filters: ResultFilters, stamp: string): ContentIdSet | undefined {
    const b = this.built;
    if (!b || b.stamp !== stamp) {
      this.schedule();
      return undefined;
    }
    return this.evaluate(b, filters);
  }

  /** Starts building in the background unless built and current (call once the catalog is open). */
  warm(): void {
    this.schedule(0);
  }

  /** Builds now, in one go (tests; a caller that needs it ready). */
  buildNow(): void {
    this.cancel();
    const stamp = this.changeStamp();
    const steps = this.steps();
    let r = steps.next();
    while (!r.done) r = steps.next();
    this.finish(r.value, stamp);
  }

  stats(): FilterIndexStats {
    return { ready: this.built !== null && this.built.stamp === this.changeStamp(), files: this.built?.n ?? 0, builds: this.builds, lastBuildMs: this.lastBuildMs };
  }

  close(): void {
    this.closed = true;
    this.cancel();
    this.built = null;
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Waits until the catalog is quiet, then builds step by step on timers. */
  private schedule(delay = QUIET_MS): void {
    if (this.timer || this.closed) return;
    this.waits = 0;
    this.lastSeen = delay === 0 ? this.changeStamp() : '';
    const check = (): void => {
      this.timer = null;
      if (this.closed) return;
      const stamp = this.changeStamp();
      if (this.built?.stamp === stamp) return;
      if (stamp !== this.lastSeen) {
        // Still changing (indexing): look again later, a bounded number of times.
        this.lastSeen = stamp;
        if (++this.waits <= MAX_WAITS) this.timer = unrefTimer(check, QUIET_MS);
        return;
      }
      this.run(stamp);
    };
    this.timer = unrefTimer(check, delay);
  }

  private run(stamp: string): void {
    const t0 = performance.now();
    const steps = this.steps();
    const step = (): void => {
      this.timer = null;
      if (this.closed) return;
      if (this.changeStamp() !== stamp) return this.schedule(); // changed mid-build: start over once quiet
      let r: IteratorResult<void, Omit<Built, 'stamp'>>;
      try {
        r = steps.next();
      } catch (err) {
        // Something the arrays cannot hold (a closed database, an odd value): filters stay in SQL.
        log.warn(`filter index not built: ${(err as Error).message}`);
        return;
      }
      if (!r.done) {
        this.timer = unrefTimer(step, 0);
        return;
      }
      this.finish(r.value, stamp);
      this.lastBuildMs = performance.now() - t0;
    };
    step();
  }

  private finish(b: Omit<Built, 'stamp'>, stamp: string): void {
    if (this.changeStamp() !== stamp) return void this.schedule();
    this.built = { ...b, stamp };
    this.builds++;
  }

  /** The build, one SQL statement per step (a generator: the caller decides when the next runs). */
  private *steps(): Generator<void, Omit<Built, 'stamp'>, void> {
    const range = this.s.get<[], [number | null, number | null, number]>('SELECT max(id), (SELECT max(id) FROM contents), count(*) FROM files').raw().get()!;
    const maxFileId = range[0] ?? 0;
    const maxContentId = Math.max(range[1] ?? 0, 0);
    const count = range[2];
    const fileIds = new Int32Array(count);
    const contentIds = new Int32Array(count);
    const kinds = new Uint8Array(count);
    const mtimeDays = new Int32Array(count);
    const oddFileDays = new Map<number, string | null>();
    let n = 0;
    const oddFiles: number[] = [];
    const fileStep = this.s.get<[number, number], [string, string, string, string]>(
      `SELECT json_group_array(id), json_group_array(coalesce(content_id, 0)),
         json_group_array(CASE kind WHEN 'image' THEN 1 WHEN 'document' THEN 2 ELSE 0 END), json_group_array(mtime_ms)
       FROM files WHERE id BETWEEN ? AND ?`,
    );
    for (let lo = 0; lo <= maxFileId; lo += STEP) {
      const [ids, cids, ks, ms] = fileStep.raw().get(lo, lo + STEP - 1)!.map((t) => JSON.parse(t) as unknown[]) as [number[], number[], number[], unknown[]];
      for (let j = 0; j < ids.length && n < count; j++, n++) {
        fileIds[n] = ids[j]!;
        contentIds[n] = cids[j]!;
        kinds[n] = ks[j]!;
        const day = mtimeDay(ms[j]);
        mtimeDays[n] = day;
        if (day === ODD_DAY) oddFiles.push(ids[j]!);
      }
      yield;
    }
    // Rows written between the count and the steps are caught by the change stamp (finish()).
    for (let i = 0; i < oddFiles.length; i += 5000) {
      const rows = this.s
        .get<[string], [number, string | null]>(
          `SELECT id, substr(strftime('%Y-%m-%dT%H:%M:%S', mtime_ms / 1000.0, 'unixepoch'), 1, 10) FROM files WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .raw()
        .all(JSON.stringify(oddFiles.slice(i, i + 5000)));
      for (const [id, day] of rows) oddFileDays.set(id, day);
    }
    const takenDays = new Int32Array(maxContentId + 1);
    const gps = new Uint8Array(maxContentId + 1);
    const cameraOf = new Uint16Array(maxContentId + 1);
    const cameras: string[] = [];
    const cameraIndex = new Map<string, number>();
    const oddTaken = new Map<number, string | null>();
    const metaStep = this.s.get<[number, number], [string, string, string, string]>(
      `SELECT json_group_array(content_id), json_group_array(substr(taken_at, 1, 10)),
         json_group_array(lat IS NOT NULL AND lon IS NOT NULL), json_group_array(camera)
       FROM image_meta WHERE content_id BETWEEN ? AND ?`,
    );
    for (let lo = 0; lo <= maxContentId; lo += STEP) {
      const [cids, taken, g, cams] = metaStep.raw().get(lo, lo + STEP - 1)!.map((t) => JSON.parse(t) as unknown[]) as [number[], unknown[], number[], unknown[]];
      for (let j = 0; j < cids.length; j++) {
        const c = cids[j]!;
        if (c > maxContentId) continue; // written after the build began: the stamp check discards this build
        const t = taken[j];
        if (typeof t === 'string') {
          const day = dayKey(t);
          takenDays[c] = day;
          if (day === ODD_DAY) oddTaken.set(c, t);
        } else if (t !== null && t !== undefined) {
          // taken_at stored as a number or blob: compare it as SQLite would, through the odd path.
          takenDays[c] = ODD_DAY;
          oddTaken.set(c, String(t));
        }
        gps[c] = g[j]!;
        const cam = cams[j];
        if (cam !== null && cam !== undefined) {
          const name = String(cam);
          let k = cameraIndex.get(name);
          if (k === undefined) {
            cameras.push(name);
            k = cameras.length;
            cameraIndex.set(name, k);
          }
          cameraOf[c] = k;
        }
      }
      yield;
    }
    return { n, fileIds, contentIds, kinds, mtimeDays, takenDays, gps, cameraOf, cameras, oddTaken, oddFileDays, maxContentId, maxFileId };
  }

  private evaluate(b: Built, f: ResultFilters): ContentIdSet {
    const kind = f.type && f.type !== 'all' ? (KIND_CODE[f.type] ?? -1) : 0;
    const after = f.after ? dayKey(f.after) : null;
    const afterText = f.after ?? '';
    const beforeText = f.before ? nextDay(f.before) : '';
    const before = f.before ? dayKey(beforeText) : null;
    const gpsWanted = f.hasGps === true ? 1 : f.hasGps === false ? 0 : -1;
    let camOk: Uint8Array | null = null;
    if (f.camera) {
      camOk = new Uint8Array(b.cameras.length + 1);
      const like = `%${f.camera.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      const rows = this.s
        .get<[string, string], number>(`SELECT key + 1 FROM json_each(?) WHERE value LIKE ? ESCAPE '\\'`)
        .pluck()
        .all(JSON.stringify(b.cameras), like);
      for (const k of rows) camOk[k] = 1;
    }
    const inFolder = f.folder ? this.folderFiles(f.folder, b.maxFileId) : null;
    const bits = new Uint8Array(b.maxContentId + 1);
    const out = new Int32Array(Math.min(b.n, b.maxContentId + 1));
    let k = 0;
    const { n, fileIds, contentIds, kinds, mtimeDays, takenDays, gps, cameraOf, oddTaken, oddFileDays } = b;
    const dated = after !== null || before !== null;
    for (let i = 0; i < n; i++) {
      const c = contentIds[i]!;
      if (c === 0 || bits[c] === 1) continue;
      if (kind !== 0 && kinds[i] !== kind) continue;
      if (gpsWanted !== -1 && gps[c] !== gpsWanted) continue;
      if (camOk && camOk[cameraOf[c]!] !== 1) continue;
      if (inFolder && inFolder[fileIds[i]!] !== 1) continue;
      if (dated) {
        const taken = takenDays[c]!;
        let day = taken !== NO_DAY ? taken : mtimeDays[i]!;
        if (day === ODD_DAY) {
          const text = taken === ODD_DAY ? oddTaken.get(c) : oddFileDays.get(fileIds[i]!);
          if (text === null || text === undefined) continue; // no date: SQL's comparison with NULL fails
          if ((after !== null && text < afterText) || (before !== null && text >= beforeText)) continue;
          day = NO_DAY;
        }
        if (day !== NO_DAY && ((after !== null && day < after) || (before !== null && day >= before))) continue;
      }
      bits[c] = 1;
      out[k++] = c;
    }
    return new ContentIdSet(bits, out.slice(0, k));
  }

  /** File ids under a folder (or the file at that path), as buildFilters' folder clause, by the path index. */
  private folderFiles(folder: string, maxFileId: number): Uint8Array {
    const { exact, prefix } = folderPrefix(folder);
    // Paths starting with prefix (which ends with a separator, an ASCII character) are the range
    // [prefix, prefix with its last character + 1) in SQLite's binary order.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const ids = JSON.parse(
      this.s
        .get<[string, string, string], string>(`SELECT json_group_array(id) FROM files WHERE path = ? OR (path >= ? AND path < ?)`)
        .pluck()
        .get(exact, prefix, upper)!,
    ) as number[];
    const bits = new Uint8Array(maxFileId + 1);
    for (const id of ids) if (id <= maxFileId) bits[id] = 1; // newer files: the stamp has moved, this answer is not used
    return bits;
  }
}

/** A folder filter as buildFilters reads it: the path itself, and the prefix of the paths under it. */
export function folderPrefix(folder: string): { exact: string; prefix: string } {
  const exact = folder.length > 1 && (folder.endsWith('/') || folder.endsWith(sep)) ? folder.slice(0, -1) : folder;
  const prefix = exact.endsWith('/') || exact.endsWith(sep) ? exact : exact + sep;
  return { exact, prefix };
}

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** yyyymmdd of a date text's first 10 characters when they are in that shape, else ODD_DAY. */
function dayKey(text: string): number {
  const t = text.length === 10 ? text : text.slice(0, 10);
  if (!DAY_SHAPE.test(t)) return ODD_DAY;
  const key = Number(t.slice(0, 4)) * 10000 + Number(t.slice(5, 7)) * 100 + Number(t.slice(8, 10));
  return key === NO_DAY ? ODD_DAY : key; // '0000-00-00' is compared as text
}

/** yyyymmdd (UTC) of an mtime in ms, as strftime(..., mtime_ms / 1000.0, 'unixepoch') gives it; ODD_DAY outside the plain range. */
function mtimeDay(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0 || ms >= MAX_MTIME_MS) return ODD_DAY;
  const d = new Date(ms);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

function nextDay(v: string): string {
  return new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function unrefTimer(fn: () => void, ms: number): NodeJS.Timeout {
  const t = setTimeout(fn, ms);
  t.unref();
  return t;
}
