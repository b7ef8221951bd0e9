// Reads a JSON request body with a hard size limit, so a client cannot exhaust memory; an empty body
// reads as {} (calls without parameters).
import type { IncomingMessage } from 'node:http';
import { GlimpseError } from '../../shared/errors';

function readRaw(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      // Drain without buffering so the 413 can still be written on this connection.
      req.resume();
      reject(new GlimpseError('too-large', `request body is larger than ${limitBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
        reject(new GlimpseError('too-large', `request body is larger than ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => reject(new GlimpseError('io', `could not read the request: ${err.message}`)));
  });
}

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const raw = await readRaw(req, limitBytes);
  if (raw.length === 0) return {};
  const contentType = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  // Requiring application/json also forces a CORS preflight on any cross-site attempt.
  if (contentType !== 'application/json') {
    throw new GlimpseError('unsupported', 'request body must be JSON (Content-Type: application/json)');
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new GlimpseError('bad-request', 'request body is not valid JSON');
  }
}
