// The search filters' facts of every file in typed arrays, so a filter's allowed content ids (the
// HNSW filter callback's set) come from one pass over memory instead of a SQL scan: at 250k files,
// photos after 2019 (135k ids) took 150-450 ms from SQLite and takes a few ms here.
//
// Per file (position i): file id, content id, kind, the day of its mtime. Per content: the day of
// its EXIF taken_at, GPS or not, camera (interned). ~5 MB at 250k files. Folder filters are the
// one part asked of SQLite (a range of the unique path index: the files under a folder).
//
// Correctness: the index is built for one catalog change stamp (Lookup.changeStamp) and answers
// only for that stamp. Writes through this connection are followed: TEMP triggers (this connection
// only, nothing in the file) note the ids of files and image_meta rows written, and the next
// question applies them first (a few rows per indexed batch). A commit by another connection
// (data_version), too many noted writes, or a connection that cannot note (read-only) mean a full
// rebuild: callers fall back to SQL meanwhile, and the rebuild starts once the catalog has been
// quiet for a moment. It is built in steps of STEP file ids on timers (unref'd), so it never holds
// the event loop for long, and is thrown away if the catalog changed between its first and last
// step.
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
/** More noted writes than this are not applied one by one: the index is rebuilt. */
const MAX_PATCH = 20_000;
/** strftime covers years 0000-9999: mtimes outside [0, year 10000) are left to SQLite. */
const MAX_MTIME_MS = 253_402_300_800_000;

const KIND_CODE: Record<string, number> = { image: 1, document: 2 };
const NO_DAY = 0;
const ODD_DAY = -1;

interface Built {
  stamp: string;
  n: number;
  /** Per file id: 1 + its position, 0 for none. */
  posOf: Int32Array;
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
  cameraIndex: Map<string, number>;
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
  /** Times logged changes were applied instead of a rebuild. */
  patches: number;
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
  private patches = 0;
  /** Whether this connection notes its writes to files and image_meta (TEMP triggers). */
  private tracking = false;
  private noted: { files: Set<number>; contents: Set<number>; overflow: boolean } = { files: new Set(), contents: new Set(), overflow: false };
  private waiting: ((ok: boolean) => void)[] = [];

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
    const b = this.current(stamp);
    if (!b) {
      this.schedule();
      return undefined;
    }
    return this.evaluate(b, filters);
  }

  /** The index brought up to `stamp` (the changes this connection logged), or null. */
  private current(stamp: string): Built | null {
    const b = this.built;
    if (!b) return null;
    if (b.stamp === stamp) return b;
    return this.patch(b, stamp) ? b : null;
  }

  /** Starts building in the background unless built and current (call once the catalog is open). */
  warm(): void {
    this.schedule(0);
  }

  /**
   * Resolves true once the index answers for the catalog as it is (built in the background, see
   * warm()), false after `timeoutMs` or when closed: for a caller (a benchmark) that times queries
   * only after open's background work.
   */
  whenReady(timeoutMs = 30_000): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.current(this.changeStamp())) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = unrefTimer(() => {
        this.waiting = this.waiting.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        resolve(ok);
      };
      this.waiting.push(done);
      this.schedule(0);
    });
  }

  /** Builds now, in one go (tests; a caller that needs it ready). */
  buildNow(): void {
    this.cancel();
    this.startLog();
    const stamp = this.changeStamp();
    const steps = this.steps();
    let r = steps.next();
    while (!r.done) r = steps.next();
    this.finish(r.value, stamp);
  }

  stats(): FilterIndexStats {
    return { ready: this.current(this.changeStamp()) !== null, files: this.built?.n ?? 0, builds: this.builds, patches: this.patches, lastBuildMs: this.lastBuildMs };
  }

  close(): void {
    this.closed = true;
    this.cancel();
    this.built = null;
    for (const done of this.waiting.splice(0)) done(false);
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
      if (this.current(stamp)) {
        for (const done of this.waiting.splice(0)) done(true);
        return;
      }
      if (stamp !== this.lastSeen) {
        // Still changing (indexing): look again later, a bounded number of times.
        this.lastSeen = stamp;
        if (++this.waits <= MAX_WAITS) this.timer = unrefTimer(check, QUIET_MS);
        return;
      }
      this.run();
    };
    this.timer = unrefTimer(check, delay);
  }

  private run(): void {
    const t0 = performance.now();
    this.startLog();
    const stamp = this.changeStamp();
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
    for (const done of this.waiting.splice(0)) done(true);
  }

  /**
   * Starts (or restarts) noting this connection's writes to files and image_meta, from nothing:
   * the build that follows reads everything. TEMP triggers (this connection's, nothing written to
   * the file) call a function that keeps the ids written, up to MAX_PATCH (then only that there
   * were too many). The index built before cannot follow the notes any more and is dropped.
   */
  private startLog(): void {
    this.built = null;
    this.noted = { files: new Set(), contents: new Set(), overflow: false };
    if (this.tracking) return;
    try {
      this.s.db.function('glimpse_fi_note', { deterministic: false }, (kind: unknown, id: unknown) => {
        const n = this.noted;
        if (n.overflow || typeof id !== 'number') return null;
        (kind === 0 ? n.files : n.contents).add(id);
        if (n.files.size + n.contents.size > MAX_PATCH) n.overflow = true;
        return null;
      });
      this.s.db.exec(`
        CREATE TEMP TRIGGER IF NOT EXISTS glimpse_fi_files_i AFTER INSERT ON main.files BEGIN SELECT glimpse_fi_note(0, new.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS glimpse_fi_files_u AFTER UPDATE OF id, content_id, kind, mtime_ms ON main.files BEGIN
          SELECT glimpse_fi_note(0, old.id), glimpse_fi_note(0, new.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS glimpse_fi_files_d AFTER DELETE ON main.files BEGIN SELECT glimpse_fi_note(0, old.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS glimpse_fi_meta_i AFTER INSERT ON main.image_meta BEGIN SELECT glimpse_fi_note(1, new.content_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS glimpse_fi_meta_u AFTER UPDATE OF content_id, taken_at, lat, lon, camera ON main.image_meta BEGIN
          SELECT glimpse_fi_note(1, old.content_id), glimpse_fi_note(1, new.content_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS glimpse_fi_meta_d AFTER DELETE ON main.image_meta BEGIN SELECT glimpse_fi_note(1, old.content_id); END;`);
      this.tracking = true;
    } catch {
      this.tracking = false; // e.g. a read-only connection: nothing is written through it anyway
    }
  }

  /**
   * Applies the noted writes so the index matches `stamp`. False when it cannot: nothing noted on
   * this connection, a commit by another connection (not noted here), or too many writes to apply
   * one by one. Rolled-back writes were noted too: their rows are read again, unchanged.
   */
  private patch(b: Built, stamp: string): boolean {
    const noted = this.noted;
    if (!this.tracking || noted.overflow || dataVersion(b.stamp) !== dataVersion(stamp)) return false;
    try {
      if (noted.files.size) this.patchFiles(b, [...noted.files]);
      if (noted.contents.size) this.patchContents(b, [...noted.contents]);
      if (noted.files.size || noted.contents.size) this.patches++;
      noted.files.clear();
      noted.contents.clear();
      b.stamp = stamp;
      return true;
    } catch (err) {
      log.warn(`filter index not updated: ${(err as Error).message}`);
      this.built = null;
      return false;
    }
  }

  private patchFiles(b: Built, ids: number[]): void {
    const rows = this.s
      .get<[string], [number, number, number, unknown]>(
        `SELECT id, coalesce(content_id, 0), CASE kind WHEN 'image' THEN 1 WHEN 'document' THEN 2 ELSE 0 END, mtime_ms
         FROM files WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify(ids));
    const present = new Set<number>();
    const odd: number[] = [];
    for (const [id, cid, kind, ms] of rows) {
      present.add(id);
      let pos = id < b.posOf.length ? b.posOf[id]! - 1 : -1;
      if (pos < 0) {
        pos = b.n++;
        if (pos >= b.fileIds.length) growFiles(b, pos + 1);
        if (id >= b.posOf.length) b.posOf = grown(b.posOf, id + 1);
        b.posOf[id] = pos + 1;
        b.fileIds[pos] = id;
        b.maxFileId = Math.max(b.maxFileId, id);
      }
      if (cid > b.maxContentId) growContents(b, cid);
      b.contentIds[pos] = cid;
      b.kinds[pos] = kind;
      const day = mtimeDay(ms);
      b.mtimeDays[pos] = day;
      b.oddFileDays.delete(id);
      if (day === ODD_DAY) odd.push(id);
    }
    for (const id of ids) {
      const pos = !present.has(id) && id < b.posOf.length ? b.posOf[id]! - 1 : -1;
      if (pos >= 0) b.contentIds[pos] = 0; // removed: its slot stays, passing no filter
    }
    this.readOddFileDays(odd, b.oddFileDays);
  }

  private patchContents(b: Built, ids: number[]): void {
    for (const c of ids) {
      if (c > b.maxContentId) growContents(b, c);
      b.takenDays[c] = NO_DAY;
      b.gps[c] = 0;
      b.cameraOf[c] = 0;
      b.oddTaken.delete(c);
    }
    const rows = this.s
      .get<[string], [number, unknown, number, unknown]>(
        `SELECT content_id, substr(taken_at, 1, 10), lat IS NOT NULL AND lon IS NOT NULL, camera FROM image_meta WHERE content_id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify(ids));
    for (const [c, taken, gps, cam] of rows) setMeta(b, c, taken, gps, cam);
  }

  private readOddFileDays(ids: number[], out: Map<number, string | null>): void {
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = this.s
        .get<[string], [number, string | null]>(
          `SELECT id, substr(strftime('%Y-%m-%dT%H:%M:%S', mtime_ms / 1000.0, 'unixepoch'), 1, 10) FROM files WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .raw()
        .all(JSON.stringify(ids.slice(i, i + 5000)));
      for (const [id, day] of rows) out.set(id, day);
    }
  }

  /** The build, one SQL statement per step (a generator: the caller decides when the next runs). */
  private *steps(): Generator<void, Omit<Built, 'stamp'>, void> {
    const range = this.s.get<[], [number | null, number | null, number]>('SELECT max(id), (SELECT max(id) FROM contents), count(*) FROM files').raw().get()!;
    const maxFileId = range[0] ?? 0;
    const maxContentId = Math.max(range[1] ?? 0, 0);
    const count = range[2];
    const b: Omit<Built, 'stamp'> = {
      n: 0,
      posOf: new Int32Array(maxFileId + 1),
      fileIds: new Int32Array(count),
      contentIds: new Int32Array(count),
      kinds: new Uint8Array(count),
      mtimeDays: new Int32Array(count),
      takenDays: new Int32Array(maxContentId + 1),
      gps: new Uint8Array(maxContentId + 1),
      cameraOf: new Uint16Array(maxContentId + 1),
      cameras: [],
      cameraIndex: new Map(),
      oddTaken: new Map(),
      oddFileDays: new Map(),
      maxContentId,
      maxFileId,
    };
    const oddFiles: number[] = [];
    const fileStep = this.s.get<[number, number], [string, string, string, string]>(
      `SELECT json_group_array(id), json_group_array(coalesce(content_id, 0)),
         json_group_array(CASE kind WHEN 'image' THEN 1 WHEN 'document' THEN 2 ELSE 0 END), json_group_array(mtime_ms)
       FROM files WHERE id BETWEEN ? AND ?`,
    );
    // Rows written between the count and the steps are caught by the change stamp (finish()).
    for (let lo = 0; lo <= maxFileId; lo += STEP) {
      const [ids, cids, ks, ms] = fileStep.raw().get(lo, lo + STEP - 1)!.map((t) => JSON.parse(t) as unknown[]) as [number[], number[], number[], unknown[]];
      for (let j = 0; j < ids.length && b.n < count; j++) {
        const id = ids[j]!;
        const i = b.n++;
        b.fileIds[i] = id;
        b.posOf[id] = i + 1;
        b.contentIds[i] = cids[j]!;
        b.kinds[i] = ks[j]!;
        const day = mtimeDay(ms[j]);
        b.mtimeDays[i] = day;
        if (day === ODD_DAY) oddFiles.push(id);
      }
      yield;
    }
    this.readOddFileDays(oddFiles, b.oddFileDays);
    const metaStep = this.s.get<[number, number], [string, string, string, string]>(
      `SELECT json_group_array(content_id), json_group_array(substr(taken_at, 1, 10)),
         json_group_array(lat IS NOT NULL AND lon IS NOT NULL), json_group_array(camera)
       FROM image_meta WHERE content_id BETWEEN ? AND ?`,
    );
    for (let lo = 0; lo <= maxContentId; lo += STEP) {
      const [cids, taken, g, cams] = metaStep.raw().get(lo, lo + STEP - 1)!.map((t) => JSON.parse(t) as unknown[]) as [number[], unknown[], number[], unknown[]];
      for (let j = 0; j < cids.length; j++) if (cids[j]! <= maxContentId) setMeta(b, cids[j]!, taken[j], g[j]!, cams[j]);
      yield;
    }
    return b;
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

/** One image_meta row's facts: substr(taken_at, 1, 10), lat and lon set, camera. */
function setMeta(b: Omit<Built, 'stamp'>, c: number, taken: unknown, gps: number, cam: unknown): void {
  if (typeof taken === 'string') {
    const day = dayKey(taken);
    b.takenDays[c] = day;
    if (day === ODD_DAY) b.oddTaken.set(c, taken);
  } else if (taken !== null && taken !== undefined) {
    // taken_at stored as a number or blob: compared as text, as SQLite would, through the odd path.
    b.takenDays[c] = ODD_DAY;
    b.oddTaken.set(c, String(taken));
  }
  b.gps[c] = gps;
  if (cam !== null && cam !== undefined) {
    const name = String(cam);
    let k = b.cameraIndex.get(name);
    if (k === undefined) {
      b.cameras.push(name);
      k = b.cameras.length;
      b.cameraIndex.set(name, k);
    }
    b.cameraOf[c] = k;
  }
}

function grown<T extends Int32Array | Uint8Array | Uint16Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const out = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2, 1024));
  out.set(a);
  return out;
}

function growFiles(b: Built, size: number): void {
  b.fileIds = grown(b.fileIds, size);
  b.contentIds = grown(b.contentIds, size);
  b.kinds = grown(b.kinds, size);
  b.mtimeDays = grown(b.mtimeDays, size);
}

function growContents(b: Built, maxId: number): void {
  b.takenDays = grown(b.takenDays, maxId + 1);
  b.gps = grown(b.gps, maxId + 1);
  b.cameraOf = grown(b.cameraOf, maxId + 1);
  b.maxContentId = maxId;
}

function dataVersion(stamp: string): string {
  return stamp.slice(0, stamp.indexOf(':'));
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
