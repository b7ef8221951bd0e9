// The public entry point: path -> ExtractedDocument, parsed in a worker thread with a size limit
// and a time limit. Cheap checks (extension, existence, size, empty file) happen here first so a
// refused file never costs a worker round trip.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { GlimpseError } from '../../../../shared/errors';
import { formatForPath } from './formats';
import { parseDocumentBuffer } from './parse-document';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, type ExtractedDocument, type ExtractOptions } from './types';
import { ExtractWorkerPool, type PoolOptions } from './worker-pool';

let pool: ExtractWorkerPool | null = null;
let poolOptions: PoolOptions = {};
/** Bumped by closeDocumentExtraction so calls still in their pre-checks when it runs are cancelled too. */
let generation = 0;

/** Sets the worker pool's size, idle time and memory limit; takes effect for the next pool started. */
export function configureDocumentExtraction(options: PoolOptions): void {
  poolOptions = { ...options };
}

/** Stops the extraction workers (app quit, tests). Running and queued calls fail with 'cancelled'. */
export async function closeDocumentExtraction(): Promise<void> {
  const current = pool;
  pool = null;
  generation++;
  await current?.close();
}

export async function extractDocument(path: string, opts: ExtractOptions = {}): Promise<ExtractedDocument> {
  const startedIn = generation;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const format = formatForPath(path);
  if (!format) {
    const ext = extname(path);
    throw new GlimpseError('unsupported', ext ? `${ext} files are not a document format Glimpse reads` : 'files without an extension are not read as documents');
  }
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new GlimpseError('bad-request', `${path} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof GlimpseError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new GlimpseError('not-found', `no such file: ${path}`, { cause: err });
    throw new GlimpseError('io', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (size > maxBytes) {
    throw new GlimpseError('too-large', `the file is ${mb(size)}, more than the ${mb(maxBytes)} limit for documents`);
  }
  // Empty files are settled without a worker: an empty document or 'corrupt', by format.
  if (size === 0) return parseDocumentBuffer(new Uint8Array(0), format);
  if (startedIn !== generation) throw new GlimpseError('cancelled', 'document extraction was stopped');
  pool ??= new ExtractWorkerPool(poolOptions);
  return pool.run(path, format, maxBytes, timeoutMs);
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
