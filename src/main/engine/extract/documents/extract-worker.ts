// Worker-thread entry of the document extraction pool: reads the file, parses it, answers with the
// document or an error. One job at a time; the pool enforces the time limit by terminating us.
import { readFile } from 'node:fs/promises';
import { GlimpseError } from '../../../../shared/errors';
import { serveWorker } from '../../util/worker-host';
import { parseDocumentBuffer } from './parse-document';
import type { DocumentFormat, ExtractedDocument } from './types';

export interface ExtractJob {
  path: string;
  format: DocumentFormat;
  maxBytes: number;
}

serveWorker<null, true, ExtractJob, ExtractedDocument>({
  init: () => true,
  async handle(job) {
    let buf: Buffer;
    try {
      buf = await readFile(job.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') throw new GlimpseError('not-found', 'the file no longer exists');
      throw new GlimpseError('io', `cannot read the file: ${(err as Error).message}`);
    }
    // The file may have grown since the caller's stat.
    if (buf.byteLength > job.maxBytes) throw new GlimpseError('too-large', `the file is larger than ${formatMb(job.maxBytes)}`);
    return { body: await parseDocumentBuffer(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), job.format) };
  },
});

function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
