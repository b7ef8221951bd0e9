// The Library sheet's problems: files that failed to index and scanned pages OCR could not read, each
// with its catalog file id (the UI reveals/opens by id), and the two things a user can do about one:
// retry it (the file goes back in the queue, its failed OCR pages back to pending) or ignore it
// (remembered in the catalog's settings; an ignored problem is neither listed nor counted, and its
// later failures are not announced, until it is retried or indexes fine).
import type { ErrorKind, FileError } from '../../shared/contract';
import { ErrorKind as ErrorKindSchema } from '../../shared/contract';
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';

const IGNORED_KEY = 'problems.ignored';
const MAX_IGNORED = 5000;

export class Problems {
  constructor(private readonly catalog: Catalog) {}

  private ignoredIds(): number[] {
    const v = this.catalog.settings.get<unknown>(IGNORED_KEY);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x) && x > 0) : [];
  }

  private setIgnored(ids: number[]): void {
    this.catalog.settings.set(IGNORED_KEY, ids.slice(-MAX_IGNORED));
  }

  /** Problems to show, newest first, ignored ones left out; `ignored` counts those hidden. */
  list(limit = 20): { problems: FileError[]; ignored: number } {
    const ignored = new Set(this.ignoredIds());
    const out: FileError[] = [];
    let hidden = 0;
    // Ask for more than shown, so ignoring a few does not empty the list.
    for (const e of this.catalog.files.lastErrors(limit + ignored.size)) {
      if (ignored.has(e.fileId)) hidden++;
      else if (out.length < limit) out.push({ path: e.path, kind: e.kind, message: e.message, at: e.at, fileId: e.fileId });
    }
    // Scanned pages OCR could not read: the document is indexed, but these pages are not searchable.
    let ocr = 0;
    for (const p of this.catalog.ocrPages.problems(limit + ignored.size)) {
      const fileId = this.catalog.files.getByPath(p.path)?.id;
      if (fileId !== undefined && ignored.has(fileId)) hidden++;
      else if (ocr++ < limit) out.push({ path: p.path, kind: errorKindOf(p.kind), message: `OCR: ${p.message}`, at: p.at ?? undefined, fileId });
    }
    return { problems: out, ignored: hidden };
  }

  /** A failure as it is announced (fileError event): with its file id, or null when the file's problems are ignored. */
  announce(e: FileError): FileError | null {
    const fileId = e.fileId ?? this.catalog.files.getByPath(e.path)?.id;
    if (fileId !== undefined && this.ignoredIds().includes(fileId)) return null;
    return fileId === undefined ? e : { ...e, fileId };
  }

  /** Ignores (or shows again) the problems of one file. */
  ignore(fileId: number, ignored: boolean): void {
    if (!this.catalog.files.get(fileId)) throw new GlimpseError('not-found', `no file with id ${fileId}`);
    const ids = this.ignoredIds().filter((id) => id !== fileId);
    if (ignored) ids.push(fileId);
    this.setIgnored(ids);
  }

  /** Shows every ignored problem again. */
  unignoreAll(): void {
    this.catalog.settings.delete(IGNORED_KEY);
  }

  /**
   * Tries a file again: a failed file goes back in the queue, its scanned pages that could not be read
   * back to pending. Returns what was queued; the caller starts the indexer.
   */
  retry(fileId: number): { file: boolean; pages: number } {
    const f = this.catalog.files.get(fileId);
    if (!f) throw new GlimpseError('not-found', `no file with id ${fileId}`);
    let file = false;
    let pages = 0;
    this.catalog.transaction(() => {
      if (f.status === 'failed') {
        this.catalog.files.requeue(f.id);
        this.catalog.jobs.enqueue(f.id, f.mtimeMs);
        file = true;
      }
      if (f.contentId) pages = this.catalog.ocrPages.retryFailed(f.contentId);
    });
    this.ignore(fileId, false);
    if (!file && pages === 0) throw new GlimpseError('bad-request', `${f.path} has no problem to retry`);
    return { file, pages };
  }
}

function errorKindOf(kind: string): ErrorKind {
  const parsed = ErrorKindSchema.safeParse(kind);
  return parsed.success ? parsed.data : 'internal';
}
