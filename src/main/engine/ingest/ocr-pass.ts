// The OCR pass: the lower-priority work the indexer runs once every file is embedded. In order:
// images not read yet (their text becomes one 'ocr' passage), PDFs an older catalog indexed as empty
// (extracted again to find their scanned pages), pages of scanned documents (rendered, read, cut
// into 'ocr' passages with the page number, as passages of their document), then OCR passages
// without a vector for the active model (after a model switch). Every passage is embedded
// with the pack's text tower as soon as it is stored, like document passages, so text search and
// "find related text" reach it. A page that cannot be read is recorded with its reason (status shows
// it), never left silently empty. Each step does a little, so new files preempt it.
import type { OcrProgress } from '../../../shared/contract';
import type { Catalog } from '../catalog';
import { chunkDocument, CLIP_CHUNK_TOKENS, estimateTokens } from '../extract/chunking';
import { extractDocument } from '../extract/documents';
import { linesToText } from '../extract/ocr';
import { logger } from '../util/logger';
import type { IndexingModel, OcrPipeline } from './indexer';

const log = logger('ocr-pass');

/** Images read per step, and OCR passages embedded per step. */
const IMAGES_PER_STEP = 4;
const PASSAGES_PER_STEP = 32;
/** How long counts from SQLite are reused by progress() (it is asked on every progress event). */
const COUNTS_TTL_MS = 1000;

type OcrLines = Awaited<ReturnType<OcrPipeline['ocr']>>['lines'];

export class OcrPass {
  private readonly catalog: Catalog;
  private readonly ocr: OcrPipeline;
  private readonly model: () => IndexingModel | null;
  private doneImages = 0;
  private donePages = 0;
  private running = false;
  private current: string | null = null;
  private cached: { at: number; value: Omit<OcrProgress, 'running' | 'current' | 'doneImages' | 'donePages'> } | null = null;

  constructor(opts: { catalog: Catalog; ocr: OcrPipeline; model: () => IndexingModel | null }) {
    this.catalog = opts.catalog;
    this.ocr = opts.ocr;
    this.model = opts.model;
  }

  /** Does one small piece of OCR work; false when there is nothing left. `stop()` is asked between items. */
  async step(stop: () => boolean, onItem: (path: string) => void): Promise<boolean> {
    this.running = true;
    this.cached = null;
    try {
      if (await this.images(stop, onItem)) return true;
      if (await this.olderScans(stop)) return true;
      if (await this.pages(stop, onItem)) return true;
      if (await this.embedBacklog()) return true;
      this.running = false;
      this.current = null;
      return false;
    } finally {
      this.cached = null;
    }
  }

  /** Marks the pass idle (the indexer's loop ended). */
  idle(): void {
    this.running = false;
    this.current = null;
  }

  progress(): OcrProgress {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > COUNTS_TTL_MS) {
      const pages = this.catalog.ocrPages.counts();
      const model = this.model();
      this.cached = {
        at: now,
        value: {
          pendingImages: this.catalog.imageMeta.ocrBacklog(),
          pendingPages: pages.pending,
          pendingDocuments: pages.pendingDocuments,
          readPages: pages.read,
          noTextPages: pages.noText,
          failedPages: pages.failed,
          pendingPassageVectors: model ? this.catalog.ocrPages.countMissingVectors(model.id) : 0,
        },
      };
    }
    return { ...this.cached.value, doneImages: this.doneImages, donePages: this.donePages, running: this.running, current: this.current };
  }

  private async images(stop: () => boolean, onItem: (path: string) => void): Promise<boolean> {
    const { catalog } = this;
    const todo = catalog.imageMeta.contentsNeedingOcr(IMAGES_PER_STEP);
    if (todo.length === 0) return false;
    for (const item of todo) {
      if (stop()) return true;
      this.current = item.path;
      onItem(item.path);
      let lines: OcrLines = [];
      try {
        lines = (await this.ocr.ocr(item.path)).lines;
      } catch (err) {
        log.info(`OCR skipped ${item.path}: ${(err as Error).message}`);
      }
      // The lines in reading order, cut into passages the text tower takes whole (a slide or a
      // screenshot holds more than one CLIP context).
      const text = lines.map((l) => l.text.trim()).filter((t) => t.length > 0).join('\n');
      const passages = this.passages(text, null);
      const vectors = await this.embed(passages.map((p) => p.text));
      const model = this.model();
      // Commit, then index: the HNSW index is derived data, changed only once SQLite holds the change.
      const { removed, added } = catalog.transaction(() => {
        const { removedChunkIds } = catalog.ocr.replace(item.contentId, lines, passages);
        const chunkIds = catalog.chunks.forContent(item.contentId, 'ocr').map((c) => c.id); // in passage order
        catalog.imageMeta.markOcrDone(item.contentId);
        const items = model && vectors ? chunkIds.map((id, i) => ({ chunkId: id, vector: vectors[i]! })) : [];
        if (model && items.length) catalog.vectors.putChunks(model.id, items);
        return { removed: removedChunkIds, added: items.map((x) => ({ id: x.chunkId, vector: x.vector })) };
      });
      if (model) {
        if (removed.length) model.chunks.removeMany(removed);
        if (added.length) model.chunks.addMany(added);
      }
      this.doneImages++;
    }
    this.model()?.chunks.maybeSave();
    return true;
  }

  /** Finds the scanned pages of PDFs indexed as empty before pages were read (older catalogs). */
  private async olderScans(stop: () => boolean): Promise<boolean> {
    const todo = this.catalog.ocrPages.emptyPdfsToCheck(4);
    if (todo.length === 0) return false;
    for (const item of todo) {
      if (stop()) return true;
      let pages: number[] = [];
      try {
        const doc = await extractDocument(item.path);
        pages = doc.pages.flatMap((p) => (p.needsOcr && p.page !== null ? [p.page] : []));
      } catch (err) {
        log.info(`cannot look for scanned pages in ${item.path}: ${(err as Error).message}`);
      }
      this.catalog.transaction(() => {
        if (pages.length) this.catalog.ocrPages.enqueue(item.contentId, pages);
        this.catalog.ocrPages.markChecked(item.contentId);
      });
    }
    return true;
  }

  /** Reads one page of a scanned document. */
  private async pages(stop: () => boolean, onItem: (path: string) => void): Promise<boolean> {
    const { catalog } = this;
    const next = catalog.ocrPages.pending(1)[0];
    if (!next) return false;
    if (stop()) return true;
    this.current = `${next.path} (page ${next.page})`;
    onItem(next.path);
    let outcome: Parameters<Catalog['ocrPages']['settle']>[2];
    let chunks: { seq: number; page: number; charStart: number; charEnd: number; text: string }[] = [];
    if (!this.ocr.ocrPdfPage) {
      outcome = { state: 'failed', lines: 0, errorKind: 'unsupported', error: 'this engine cannot render document pages for OCR' };
    } else {
      try {
        const result = await this.ocr.ocrPdfPage(next.path, next.page);
        const text = linesToText(result.lines);
        chunks = this.passages(text, next.page);
        outcome = chunks.length ? { state: 'read', lines: result.lines.length } : { state: 'no-text', lines: 0 };
      } catch (err) {
        const e = err as { kind?: string; message?: string };
        log.info(`OCR of ${next.path} page ${next.page} failed: ${e.message ?? String(err)}`);
        outcome = { state: 'failed', lines: 0, errorKind: e.kind ?? 'internal', error: `page ${next.page}: ${e.message ?? String(err)}` };
      }
    }
    const vectors = await this.embed(chunks.map((c) => c.text));
    const model = this.model();
    // Commit, then index (as above).
    const { removed, added } = catalog.transaction(() => {
      const { ids, removedIds } = catalog.ocrPages.settle(next.contentId, next.page, outcome, chunks);
      const items = model && vectors ? ids.map((id, i) => ({ chunkId: id, vector: vectors[i]! })) : [];
      if (model && items.length) catalog.vectors.putChunks(model.id, items);
      return { removed: removedIds, added: items.map((x) => ({ id: x.chunkId, vector: x.vector })) };
    });
    if (model) {
      if (removed.length) model.chunks.removeMany(removed);
      if (added.length) model.chunks.addMany(added);
    }
    model?.chunks.maybeSave();
    this.donePages++;
    return true;
  }

  /** OCR passages stored without a vector for the active model (model switch, OCR done without a model). */
  private async embedBacklog(): Promise<boolean> {
    const model = this.model();
    if (!model) return false;
    const todo = this.catalog.ocrPages.passagesMissingVectors(model.id, PASSAGES_PER_STEP);
    if (todo.length === 0) return false;
    const vectors = await model.embedder.embedTexts(todo.map((t) => t.text));
    const items = todo.map((t, i) => ({ chunkId: t.id, vector: vectors[i]! }));
    this.catalog.vectors.putChunks(model.id, items);
    model.chunks.addMany(items.map((x) => ({ id: x.chunkId, vector: x.vector })));
    model.chunks.maybeSave();
    return true;
  }

  /** OCR text (a page, a photo) cut into passages the text tower takes whole, as document pages are. */
  private passages<P extends number | null>(text: string, page: P): { seq: number; page: P; charStart: number; charEnd: number; text: string }[] {
    if (!text.trim()) return [];
    const model = this.model();
    const count = model ? (s: string) => Math.max(1, model.embedder.tokenizer.countTokens(s) - 2) : estimateTokens;
    return chunkDocument({ pages: [{ page, text }] }, { maxTokens: CLIP_CHUNK_TOKENS, overlapTokens: 16, countTokens: count, additive: true })
      .filter((c) => c.text.trim().length > 0)
      .map((c) => ({ seq: c.seq, page, charStart: c.charStart, charEnd: c.charEnd, text: c.text }));
  }

  private async embed(texts: string[]): Promise<Float32Array[] | null> {
    const model = this.model();
    if (!model || texts.length === 0) return null;
    return model.embedder.embedTexts(texts);
  }
}
