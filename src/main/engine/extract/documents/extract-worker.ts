// Worker-thread entry of the document extraction pool: reads the file, parses it, posts back the
// document or an ErrorBody. One job at a time; the pool enforces the time limit by terminating us.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { GlimpseError, toErrorBody } from '../../../../shared/errors';
import { parseDocumentBuffer } from './parse-document';
import type { DocumentFormat } from './types';

export interface ExtractJob {
  id: number;
  path: string;
  format: DocumentFormat;
  maxBytes: number;
}

const port = parentPort;
if (!port) throw new Error('extract-worker must run in a worker thread');

port.on('message', (job: ExtractJob) => {
  void handle(job).then((reply) => port.postMessage(reply));
});

async function handle(job: ExtractJob): Promise<unknown> {
  try {
    const buf = await readFile(job.path);
    // The file may have grown since the caller's stat.
    if (buf.byteLength > job.maxBytes) throw new GlimpseError('too-large', `the file is larger than ${formatMb(job.maxBytes)}`);
    const doc = await parseDocumentBuffer(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), job.format);
    return { id: job.id, ok: true, doc };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT') return { id: job.id, ok: false, error: { kind: 'not-found', message: 'the file no longer exists' } };
    if (code) return { id: job.id, ok: false, error: { kind: 'io', message: `cannot read the file: ${(err as Error).message}` } };
    return { id: job.id, ok: false, error: toErrorBody(err) };
  }
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
