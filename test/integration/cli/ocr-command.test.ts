// `glimpse ocr` as users run it (a real process): a PDF page rendered and read like a scanned page,
// in reading order, and one-line usage errors.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evalDir, repoRoot } from '../../helpers/paths';

const run = promisify(execFile);
const bin = join(repoRoot, 'bin/glimpse.mjs');

async function glimpse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu' }, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('glimpse ocr', () => {
  it('reads a PDF page given with --page', async () => {
    const r = await glimpse('ocr', join(evalDir, 'documents/debian-pdfs/R-intro.pdf'), '--page', '12');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Emacs Speaks Statistics');
    expect(r.stderr).toMatch(/\d+ lines in \d+ ms/);
  }, 120_000);

  it('refuses --page without a page number or for an image, with a usage error', async () => {
    const pdf = join(evalDir, 'documents/debian-pdfs/R-intro.pdf');
    for (const args of [['ocr', pdf, '--page', '0'], ['ocr', join(evalDir, 'flickr8k-test1k/images/missing.jpg'), '--page', '2']]) {
      const r = await glimpse(...args);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^glimpse: --page /);
    }
  }, 60_000);
});
