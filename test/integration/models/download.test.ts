// Model pack download against a local HTTP server serving the tiny fixture pack under a catalog
// name: progress events, resume after the server drops the connection mid-file, checksum and
// broken-model rejection, and the previous pack keeps working.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../../src/shared/contract';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { PackStore } from '../../../src/main/engine/models/pack-store';
import { tempDir, tinyPackDir } from '../../helpers/paths';

const NAME = 'ViT-B-32__openai';
type Mode = { dropOnce: Set<string>; corrupt: Set<string>; badSha: Set<string>; rangeRequests: string[] };
const mode: Mode = { dropOnce: new Set(), corrupt: new Set(), badSha: new Set(), rangeRequests: [] };
let server: Server;
let baseUrl: string;

function handler(req: IncomingMessage, res: ServerResponse): void {
  const m = req.url?.match(/^\/([^/]+)\/resolve\/main\/(.+)$/);
  if (!m || m[1] !== NAME) {
    res.writeHead(404).end();
    return;
  }
  const file = decodeURIComponent(m[2]!);
  const path = join(tinyPackDir, file);
  if (!existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  let body = readFileSync(path);
  if (mode.corrupt.has(file)) {
    body = Buffer.from(body);
    for (let i = 1000; i < body.length; i += 97) body[i] = 0xff;
  }
  const sha = createHash('sha256').update(mode.badSha.has(file) ? Buffer.from('other') : body).digest('hex');
  const headers: Record<string, string> = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
  if (file.endsWith('.onnx')) headers['x-linked-etag'] = `"${sha}"`;
  const range = req.headers.range?.match(/^bytes=(\d+)-$/);
  if (range) {
    mode.rangeRequests.push(`${file}@${range[1]}`);
    const start = Number(range[1]);
    res.writeHead(206, { ...headers, 'content-length': String(body.length - start), 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  if (mode.dropOnce.has(file)) {
    mode.dropOnce.delete(file);
    res.write(body.subarray(0, Math.floor(body.length / 3)), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  res.end(body);
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((r) => server.close(() => r())));

async function textEmbedding(store: PackStore): Promise<Float32Array> {
  const e = await ClipEmbedder.open(store.activePack()!, { providers: ['cpu'] });
  try {
    return (await e.embedTexts(['a photo of a dog']))[0]!;
  } finally {
    await e.close();
  }
}

describe('model download', () => {
  it('downloads with progress, resumes after a dropped connection, and the pack works', async () => {
    const dir = tempDir();
    try {
      const store = new PackStore(join(dir.path, 'models'));
      mode.dropOnce = new Set(['textual/model.onnx']);
      mode.rangeRequests = [];
      const events: DownloadProgress[] = [];
      const info = await store.install(NAME, { baseUrl, onProgress: (p) => events.push(p) });
      expect(info).toMatchObject({ name: NAME, installed: true, inUse: true, dim: 32 });
      expect(mode.rangeRequests.some((r) => r.startsWith('textual/model.onnx@') && !r.endsWith('@0'))).toBe(true);
      const modelEvents = events.filter((e) => e.file === 'textual/model.onnx');
      expect(modelEvents.length).toBeGreaterThan(2);
      expect(modelEvents.at(-1)).toMatchObject({ done: true, received: readFileSync(join(tinyPackDir, 'textual/model.onnx')).length });
      const ref = JSON.parse(readFileSync(join(tinyPackDir, 'reference-embeddings.json'), 'utf8'));
      const dog = ref.texts.find((t: { text: string }) => t.text === 'a photo of a dog');
      expect(cosine(await textEmbedding(store), Float32Array.from(dog.embedding))).toBeGreaterThan(0.99999);
    } finally {
      dir.cleanup();
    }
  });

  it('rejects a checksum mismatch and a broken model; the previous pack keeps working', async () => {
    const dir = tempDir();
    try {
      const store = new PackStore(join(dir.path, 'models'));
      mode.dropOnce = new Set();
      await store.install(NAME, { baseUrl });
      const before = await textEmbedding(store);

      mode.badSha = new Set(['visual/model.onnx']);
      // Reinstall into a fresh staging area: remove the staging folder the first install left empty.
      await expect(store.install(NAME, { baseUrl })).rejects.toMatchObject({ kind: 'download-failed' });
      mode.badSha = new Set();

      mode.corrupt = new Set(['textual/model.onnx']); // served consistently (sha of corrupt bytes): only loading can tell
      await expect(store.install(NAME, { baseUrl })).rejects.toMatchObject({ kind: 'model-invalid' });
      mode.corrupt = new Set();

      expect(store.activeName()).toBe(NAME);
      expect(cosine(await textEmbedding(store), before)).toBeGreaterThan(0.999999);
    } finally {
      dir.cleanup();
    }
  });

  it('fails clearly for unknown models and unreachable servers', async () => {
    const dir = tempDir();
    try {
      const store = new PackStore(join(dir.path, 'models'));
      await expect(store.install('no-such-model', { baseUrl })).rejects.toMatchObject({ kind: 'not-found' });
      await expect(store.install(NAME, { baseUrl: 'http://127.0.0.1:9' })).rejects.toMatchObject({ kind: 'download-failed' });
      expect(store.activeName()).toBeNull();
    } finally {
      dir.cleanup();
    }
  }, 60_000);
});
