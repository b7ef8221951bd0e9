// Resumable HTTP(S) download of one file: writes <dest>.part, resumes with a Range request after a
// dropped connection (retrying with backoff), checks the length the server announced and, where the
// server states one (Hugging Face LFS files: x-linked-etag / etag), the SHA-256, and only then
// renames the .part file to its final name. A failure never leaves a half file under the final name.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { GlimpseError } from '../../../shared/errors';

export interface DownloadOptions {
  onProgress?: (received: number, total: number | null) => void;
  retries?: number;
  signal?: AbortSignal;
  /** Pause between retries, ms (doubled each time). */
  backoffMs?: number;
}

function sha256FromHeaders(headers: Headers): string | null {
  for (const name of ['x-linked-etag', 'etag']) {
    const v = headers.get(name)?.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
    if (v && /^[0-9a-f]{64}$/.test(v)) return v;
  }
  return null;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Total size from a 200 content-length or a 206 content-range. */
function totalFrom(res: Response, offset: number): number | null {
  const range = res.headers.get('content-range');
  const m = range?.match(/\/(\d+)\s*$/);
  if (m) return Number(m[1]);
  const len = res.headers.get('content-length');
  return len === null ? null : Number(len) + (res.status === 206 ? offset : 0);
}

async function attempt(url: string, part: string, opts: DownloadOptions): Promise<{ total: number | null; sha: string | null }> {
  const offset = existsSync(part) ? statSync(part).size : 0;
  const res = await fetch(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal: opts.signal, redirect: 'follow' });
  if (res.status === 416 && offset > 0) {
    // Already complete (or the server cannot serve the range): let the caller verify the length.
    await res.body?.cancel();
    return { total: offset, sha: sha256FromHeaders(res.headers) };
  }
  if (res.status === 404) throw new GlimpseError('not-found', `not found on the server: ${url}`);
  if (res.status !== 200 && res.status !== 206) throw new Error(`HTTP ${res.status} for ${url}`);
  const resumed = res.status === 206;
  const start = resumed ? offset : 0;
  const total = totalFrom(res, offset);
  const sha = sha256FromHeaders(res.headers);
  if (!res.body) throw new Error(`empty body from ${url}`);
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  let received = start;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      received += chunk.byteLength;
      opts.onProgress?.(received, total);
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  if (total !== null && received < total) throw new Error(`connection closed at ${received} of ${total} bytes`);
  return { total, sha };
}

export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const retries = opts.retries ?? 5;
  let backoff = opts.backoffMs ?? 500;
  let lastError: unknown = null;
  for (let i = 0; i <= retries; i++) {
    if (opts.signal?.aborted) throw new GlimpseError('cancelled', 'download cancelled');
    try {
      const { total, sha } = await attempt(url, part, opts);
      const size = statSync(part).size;
      if (total !== null && size !== total) {
        unlinkSync(part);
        throw new GlimpseError('download-failed', `${url}: got ${size} bytes, expected ${total}`);
      }
      if (sha) {
        const actual = await sha256File(part);
        if (actual !== sha) {
          unlinkSync(part);
          throw new GlimpseError('download-failed', `${url}: checksum mismatch (sha256 ${actual.slice(0, 12)}…, expected ${sha.slice(0, 12)}…)`);
        }
      }
      renameSync(part, dest);
      return;
    } catch (err) {
      if (err instanceof GlimpseError) throw err;
      if (opts.signal?.aborted) throw new GlimpseError('cancelled', 'download cancelled');
      lastError = err;
      if (i < retries) {
        await new Promise((r) => setTimeout(r, backoff));
        backoff *= 2;
      }
    }
  }
  throw new GlimpseError('download-failed', `cannot download ${url}: ${(lastError as Error)?.message ?? lastError}`);
}
