// The four Immich 2025 packs as a user meets them, through the `glimpse` command: models import,
// one `embed --json` run with all 45 reference texts and one with all 6 reference images
// (cosine >= 0.9999 to every PyTorch reference), then indexing the fixture's images/ folder stores
// vectors with the same agreement (read from the real catalog file). Also: status --json names the
// provider and why a better one is not in use.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { blobToVector } from '../../../src/main/engine/catalog/vectors-store';
import { cosine } from '../../../src/main/engine/models/embedder';
import { repoRoot, tempDir } from '../../helpers/paths';
import { immichPacksDir, PACKS, references } from '../../helpers/immich-packs';

const run = promisify(execFile);
const bin = join(repoRoot, 'bin/glimpse.mjs');
const dirs: (() => void)[] = [];
afterAll(() => dirs.forEach((d) => d()));

async function glimpse(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, '--data-dir', dataDir, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu', ...env }, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function embeddings(stdout: string): Float32Array[] {
  return stdout.trim().split('\n').map((l) => Float32Array.from((JSON.parse(l) as { embedding: number[] }).embedding));
}

describe.each(PACKS)('glimpse with the Immich 2025 pack %s', (name) => {
  const ref = references(name);
  const data = tempDir(`glimpse-cli-${name}-`);
  dirs.push(data.cleanup);

  it('imports, embeds all 45 texts and all 6 images in one run each, and indexes the images with the same vectors', async () => {
    const imp = await glimpse(data.path, ['models', 'import', join(immichPacksDir, name)]);
    expect(imp.code, imp.stderr).toBe(0);

    const texts = await glimpse(data.path, ['embed', '--json', ...ref.texts.map((t) => `--text=${t.text}`)]);
    expect(texts.code, texts.stderr).toBe(0);
    const tv = embeddings(texts.stdout);
    expect(tv.length).toBe(45);
    const textCos = tv.map((v, i) => cosine(v, Float32Array.from(ref.texts[i]!.embedding)));
    expect(Math.min(...textCos)).toBeGreaterThanOrEqual(0.9999);

    const files = ref.images.map((im) => join(immichPacksDir, im.file));
    const images = await glimpse(data.path, ['embed', '--json', ...files.map((f) => `--image=${f}`)]);
    expect(images.code, images.stderr).toBe(0);
    const iv = embeddings(images.stdout);
    expect(iv.length).toBe(6);
    const imageCos = iv.map((v, i) => cosine(v, Float32Array.from(ref.images[i]!.embedding)));
    expect(Math.min(...imageCos)).toBeGreaterThanOrEqual(0.9999);

    const idx = await glimpse(data.path, ['index', join(immichPacksDir, 'images'), '--json']);
    expect(idx.code, idx.stderr).toBe(0);
    expect(JSON.parse(idx.stdout)).toMatchObject({ indexed: 6, failed: [] });
    const db = new Database(join(data.path, 'catalog.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT f.path AS path, v.vector AS vector FROM files f JOIN image_vectors v ON v.content_id = f.content_id WHERE v.model_id = ?').all(name) as { path: string; vector: Buffer }[];
      expect(rows.length).toBe(6);
      const stored = rows.map((r) => {
        const i = files.indexOf(r.path);
        expect(i, r.path).toBeGreaterThanOrEqual(0);
        return cosine(blobToVector(r.vector), Float32Array.from(ref.images[i]!.embedding));
      });
      console.log(`${name}: texts min cos ${Math.min(...textCos).toFixed(8)}, images ${Math.min(...imageCos).toFixed(8)}, indexed ${Math.min(...stored).toFixed(8)}`);
      expect(Math.min(...stored)).toBeGreaterThanOrEqual(0.9999);
    } finally {
      db.close();
    }
  });
});

describe('status --json and the execution provider', () => {
  const data = tempDir('glimpse-cli-provider-');
  dirs.push(data.cleanup);

  it('names the provider and why a better one is not in use (start-up failure, failed self-test)', async () => {
    expect((await glimpse(data.path, ['models', 'import', join(immichPacksDir, 'tiny-clip-static')])).code).toBe(0);
    const plain = JSON.parse((await glimpse(data.path, ['status', '--json'])).stdout) as { provider: string; providerFallbackReason: string | null };
    expect(plain).toMatchObject({ provider: 'cpu', providerFallbackReason: null });

    // WebGPU first: it has no adapter on a machine without a GPU driver, so the CPU serves and status says why.
    const wanted = await glimpse(data.path, ['status', '--json'], { GLIMPSE_PROVIDERS: 'webgpu,cpu' });
    expect(wanted.code, wanted.stderr).toBe(0);
    const s = JSON.parse(wanted.stdout) as { provider: string; providerFallbackReason: string | null };
    if (s.provider === 'cpu') expect(s.providerFallbackReason).toMatch(/could not start webgpu: /);
    else expect(s.provider).toBe('webgpu'); // a machine with a GPU: it passed the self-test

    // A provider whose golden embedding comes back as NaN is dropped for the CPU, and status says so.
    const broken = await glimpse(data.path, ['status', '--json'], { GLIMPSE_PROVIDER_FAULT: 'nan' });
    expect(broken.code, broken.stderr).toBe(0);
    const b = JSON.parse(broken.stdout) as { provider: string; providerFallbackReason: string | null };
    expect(b.provider).toBe('cpu');
    expect(b.providerFallbackReason).toMatch(/failed its self-test \(output has NaN or infinite values\); using the CPU/);
  });
});
