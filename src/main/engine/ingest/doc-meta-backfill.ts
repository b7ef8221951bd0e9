// Titles for libraries indexed before documents' own metadata was kept (catalog migration 5): the
// documents that have no doc_meta row are read again in the background, when the library's
// owner opens it, for their title, author and tags only (the document's text is extracted in the
// worker pool as indexing does, but nothing is embedded and no passage is rewritten), so results
// get their titles ("Oatmeal Pancakes") without a re-index. Oldest content first, one at a time,
// resumable: the last content read is kept in settings, and once every document has been read the
// backfill is marked done and never runs again (new documents get their metadata from the indexer).
// A file changed since it was indexed (size or mtime) is skipped: the watcher re-indexes it.
// Cost: one text extraction per old document (Markdown/HTML/text: ~1 ms; a PDF: its parse), none
// for a library indexed after migration 5.
import { stat } from 'node:fs/promises';
import type { Catalog } from '../catalog';
import { docMetaFrom } from '../catalog';
import { extractDocument } from '../extract/documents';
import { logger } from '../util/logger';

const log = logger('titles');

/** settings key: { after: last content id read, done, read, titled }. */
export const DOC_META_BACKFILL_KEY = 'docMetaBackfill';

interface BackfillState {
  after: number;
  done: boolean;
  read: number;
  titled: number;
}

export interface DocMetaBackfillProgress {
  /** Documents read so far (this library, all runs). */
  read: number;
  /** Of them, those that declared a title, author or tags. */
  titled: number;
  /** Documents still to read. */
  left: number;
  done: boolean;
}

type Extract = (path: string) => Promise<{ title: string | null; metadata?: Record<string, string> }>;

interface Pending {
  contentId: number;
  path: string;
  size: number;
  mtimeMs: number;
}

export class DocMetaBackfill {
  private stopped = false;
  private running: Promise<DocMetaBackfillProgress> | null = null;
  private readonly extract: Extract;

  constructor(
    private readonly catalog: Catalog,
    opts: { extract?: Extract; onProgress?: (p: DocMetaBackfillProgress) => void } = {},
  ) {
    this.extract = opts.extract ?? ((path) => extractDocument(path));
    this.onProgress = opts.onProgress ?? (() => undefined);
  }

  private readonly onProgress: (p: DocMetaBackfillProgress) => void;

  /** Starts reading in the background (once); the promise settles when done or stopped. */
  start(): Promise<DocMetaBackfillProgress> {
    this.running ??= this.run().catch((err: unknown) => {
      log.warn('reading document titles stopped', err);
      return this.progress();
    });
    return this.running;
  }

  /** Stops after the document being read (call before closing the catalog). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  progress(): DocMetaBackfillProgress {
    const s = this.state();
    return { read: s.read, titled: s.titled, left: s.done ? 0 : this.left(s.after), done: s.done };
  }

  private state(): BackfillState {
    return this.catalog.settings.get<BackfillState>(DOC_META_BACKFILL_KEY) ?? { after: 0, done: false, read: 0, titled: 0 };
  }

  private left(after: number): number {
    return this.catalog.db
      .prepare<[number], number>(
        `SELECT count(*) FROM contents c WHERE c.kind = 'document' AND c.id > ?
           AND NOT EXISTS (SELECT 1 FROM doc_meta d WHERE d.content_id = c.id)
           AND EXISTS (SELECT 1 FROM files f WHERE f.content_id = c.id AND f.status = 'indexed')`,
      )
      .pluck()
      .get(after)!;
  }

  private next(after: number, limit: number): Pending[] {
    return this.catalog.db
      .prepare<[number, number], Pending>(
        `SELECT c.id AS contentId, f.path, f.size, f.mtime_ms AS mtimeMs FROM contents c
           JOIN files f ON f.id = (SELECT id FROM files WHERE content_id = c.id AND status = 'indexed' ORDER BY id LIMIT 1)
         WHERE c.kind = 'document' AND c.id > ? AND NOT EXISTS (SELECT 1 FROM doc_meta d WHERE d.content_id = c.id)
         ORDER BY c.id LIMIT ?`,
      )
      .all(after, limit);
  }

  private async run(): Promise<DocMetaBackfillProgress> {
    const state = this.state();
    if (state.done) return this.progress();
    const total = this.left(state.after);
    if (total > 0) log.info(`reading the titles of ${total} documents indexed before titles were kept`);
    let last = Date.now();
    while (!this.stopped) {
      const batch = this.next(state.after, 50);
      if (batch.length === 0) {
        state.done = true;
        this.catalog.settings.set(DOC_META_BACKFILL_KEY, state);
        break;
      }
      for (const doc of batch) {
        if (this.stopped) break;
        if (await this.unchanged(doc)) {
          try {
            const extracted = await this.extract(doc.path);
            const meta = docMetaFrom(extracted.title, extracted.metadata);
            this.catalog.docMeta.set(doc.contentId, meta);
            if (meta.title || meta.author || meta.keywords) state.titled++;
          } catch (err) {
            log.debug(`no title read from ${doc.path}`, err); // unreadable now: indexing reports it
          }
        }
        state.after = doc.contentId;
        state.read++;
        this.catalog.settings.set(DOC_META_BACKFILL_KEY, state);
        if (Date.now() - last > 1000) {
          last = Date.now();
          this.onProgress(this.progress());
        }
      }
    }
    const p = this.progress();
    this.onProgress(p);
    if (p.done && total > 0) log.info(`read ${p.read} documents, ${p.titled} with a title, author or tags`);
    return p;
  }

  /** The file is still what was indexed (else the watcher re-indexes it and the indexer reads its metadata). */
  private async unchanged(doc: Pending): Promise<boolean> {
    try {
      const st = await stat(doc.path);
      return st.size === doc.size && Math.abs(Math.floor(st.mtimeMs) - Math.floor(doc.mtimeMs)) <= 1;
    } catch {
      return false;
    }
  }
}
