// The catalog facade: `const cat = Catalog.open(path)` opens (and migrates) the SQLite file,
// puts jobs a crash left 'running' back to 'pending', and exposes one repository per concern:
//
//   cat.folders    watched folders                       (folders.ts)
//   cat.files      files on disk, status, errors         (files.ts)
//   cat.contents   distinct contents by hash, orphan GC  (contents.ts)
//   cat.jobs       persistent work queue                 (jobs.ts)
//   cat.imageMeta  EXIF metadata + thumbnails            (image-meta.ts)
//   cat.chunks     document passages / OCR passages      (chunks.ts)
//   cat.docMeta    document title, author, keywords      (doc-meta.ts)
//   cat.ocr        OCR lines with boxes                  (ocr-lines.ts)
//   cat.ocrPages   scanned document pages for OCR        (ocr-pages.ts)
//   cat.vectors    embeddings, source of truth for HNSW  (vectors-store.ts)
//   cat.keywords   FTS5 keyword search                   (keyword-index.ts)
//   cat.lookup     ids -> files with metadata + filters  (lookup.ts; filter-index.ts in memory)
//   cat.settings   small engine state                    (settings.ts)
//
// One Catalog = one better-sqlite3 connection (synchronous; use it from one thread). Other
// threads or processes open their own Catalog on the same file: WAL lets readers run while one
// writer writes. Multi-step writes go through cat.transaction(fn).
import type Database from 'better-sqlite3';
import { Chunks } from './chunks';
import { Contents } from './contents';
import { DocMetas } from './doc-meta';
import { openDatabase, schemaVersion, type OpenDbOptions } from './db';
import { Files } from './files';
import { Folders } from './folders';
import { ImageMetas } from './image-meta';
import { Jobs } from './jobs';
import { KeywordIndex } from './keyword-index';
import { Lookup } from './lookup';
import { OcrLines } from './ocr-lines';
import { OcrPages } from './ocr-pages';
import { Settings } from './settings';
import { Statements } from './statements';
import { VectorsStore } from './vectors-store';

export class Catalog {
  readonly folders: Folders;
  readonly contents: Contents;
  readonly files: Files;
  readonly jobs: Jobs;
  readonly imageMeta: ImageMetas;
  readonly chunks: Chunks;
  readonly docMeta: DocMetas;
  readonly ocr: OcrLines;
  readonly ocrPages: OcrPages;
  readonly vectors: VectorsStore;
  readonly keywords: KeywordIndex;
  readonly lookup: Lookup;
  readonly settings: Settings;
  /** Jobs found 'running' at open (a previous run crashed mid-work) and put back to 'pending'. */
  readonly recoveredJobs: number;
  private readonly s: Statements;
  private closed = false;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    skipJobRecovery: boolean,
  ) {
    this.s = new Statements(db);
    this.folders = new Folders(this.s);
    this.contents = new Contents(this.s);
    this.files = new Files(this.s, this.contents);
    this.jobs = new Jobs(this.s);
    this.imageMeta = new ImageMetas(this.s);
    this.chunks = new Chunks(this.s);
    this.docMeta = new DocMetas(this.s);
    this.ocr = new OcrLines(this.s, this.chunks);
    this.ocrPages = new OcrPages(this.s);
    this.vectors = new VectorsStore(this.s);
    this.keywords = new KeywordIndex(this.s, () => this.lookup.changeStamp());
    this.lookup = new Lookup(this.s);
    this.settings = new Settings(this.s);
    this.recoveredJobs = skipJobRecovery ? 0 : this.jobs.recoverRunning();
  }

  /**
   * Opens or creates the catalog at `path` (':memory:' for a throwaway one). Throws GlimpseError:
   * 'unsupported' for a catalog from a newer Glimpse, 'corrupt' for a file that is not SQLite,
   * 'io' when it cannot be opened.
   *
   * Pass `recoverJobs: false` for a second connection (e.g. a worker) so it does not requeue
   * jobs the main connection is running.
   */
  static open(path: string, opts: OpenDbOptions & { recoverJobs?: boolean } = {}): Catalog {
    const db = openDatabase(path, opts);
    return new Catalog(db, path, (opts.readonly ?? false) || opts.recoverJobs === false);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Runs fn in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.s.tx(fn);
  }

  /** Folds the WAL back into the main file (call when idle after heavy ingest). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.lookup.filterIndex.close();
    try {
      this.db.pragma('optimize');
    } catch {}
    this.db.close();
  }
}
