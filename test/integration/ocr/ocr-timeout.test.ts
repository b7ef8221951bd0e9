// The OCR pool gives up on a call that runs over its time limit (a page pdfjs cannot finish drawing,
// a hostile image): the call fails with kind 'timeout', the stuck worker is replaced, and the calls
// queued behind it are served by the new worker instead of waiting forever.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOcrEngine } from '../../../src/main/engine/extract/ocr/index';
import { evalDir } from '../../helpers/paths';

const PDF = join(evalDir, 'documents/debian-pdfs/R-intro.pdf');

describe('OCR time limit', () => {
  it('fails an overlong call with timeout and replaces the worker for the next ones', async () => {
    const engine = await createOcrEngine({ workers: 1, timeoutMs: 1 });
    try {
      const calls = [engine.ocrPdfPage(PDF, 12), engine.ocrPdfPage(PDF, 13)];
      const results = await Promise.allSettled(calls);
      for (const r of results) {
        expect(r.status).toBe('rejected');
        expect((r as PromiseRejectedResult).reason).toMatchObject({ kind: 'timeout' });
      }
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('rejects page numbers that are not whole numbers from 1', async () => {
    const engine = await createOcrEngine({ workers: 1 });
    try {
      await expect(engine.ocrPdfPage(PDF, 0)).rejects.toMatchObject({ kind: 'bad-request' });
      await expect(engine.ocrPdfPage(PDF, 500)).rejects.toMatchObject({ kind: 'bad-request' });
    } finally {
      await engine.close();
    }
  }, 120_000);
});
