// The `glimpse` command as users run it (real processes): models import, embed --text against the
// PyTorch references, index/status/search/similar JSON shapes, and one-line errors.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine } from '../../../src/main/engine/models/embedder';
import { evalDir, repoRoot, tempDir, tinyPackDir } from '../../helpers/paths';

const run = promisify(execFile);
const data = tempDir('glimpse-cli-');
const bin = join(repoRoot, 'bin/glimpse.mjs');

async function glimpse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, '--data-dir', data.path, ...args], { env: { ...process.env, GLIMPSE_PROVIDERS: 'cpu' }, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const r = await glimpse('models', 'import', tinyPackDir);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => data.cleanup());

describe('glimpse CLI', () => {
  it('embed --text reproduces every reference text embedding (>= 0.9999)', async () => {
    const ref = JSON.parse(readFileSync(join(tinyPackDir, 'reference-embeddings.json'), 'utf8')) as { texts: { text: string; embedding: number[] }[] };
    const cosines: number[] = [];
    // One process per text for a few (the plain form), then all of them in one run (repeated --text).
    for (const t of ref.texts.slice(0, 3)) {
      const r = await glimpse('embed', '--json', '--text', t.text);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { embedding: number[]; dim: number; model: string };
      expect(out.dim).toBe(32);
      expect(cosine(Float32Array.from(out.embedding), Float32Array.from(t.embedding))).toBeGreaterThanOrEqual(0.9999);
    }
    const r = await glimpse('embed', '--json', ...ref.texts.flatMap((t) => ['--text', t.text]));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { embedding: number[] });
    expect(lines.length).toBe(ref.texts.length);
    lines.forEach((l, i) => cosines.push(cosine(Float32Array.from(l.embedding), Float32Array.from(ref.texts[i]!.embedding))));
    console.log(`embed --text: ${cosines.length} texts, min cosine ${Math.min(...cosines).toFixed(7)}`);
    expect(cosines.length).toBe(ref.texts.length);
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.9999);
  });

  it('indexes, reports status and searches with machine-readable output', async () => {
    const folder = join(evalDir, 'coco2017-mini80');
    const idx = await glimpse('index', folder, '--json');
    expect(idx.code, idx.stderr).toBe(0);
    const summary = JSON.parse(idx.stdout);
    expect(summary).toMatchObject({ failed: [] });
    expect(summary.indexed).toBeGreaterThanOrEqual(80);
    expect(typeof summary.seconds).toBe('number');
    const status = JSON.parse((await glimpse('status', '--json')).stdout);
    expect(status.files).toMatchObject({ failed: 0, queued: 0 });
    expect(status.files.indexed).toBeGreaterThanOrEqual(80);
    expect(status.model).toBe('tiny-clip-immich');
    expect(status.provider).toBe('cpu');
    const search = JSON.parse((await glimpse('search', 'a dog on a beach', '--k', '5', '--type', 'image', '--json')).stdout);
    expect(search.results.length).toBeGreaterThan(0);
    expect(search.results[0]).toHaveProperty('path');
    expect(search.results[0]).toHaveProperty('score');
    expect(search.results[0]).toHaveProperty('takenAt');
    expect(typeof search.tookMs).toBe('number');
    const img = join(folder, 'images', JSON.parse(readFileSync(join(folder, 'captions.jsonl'), 'utf8').split('\n')[0]!).image.replace(/^images\//, ''));
    const similar = JSON.parse((await glimpse('similar', img, '--k', '3', '--json')).stdout);
    expect(similar.results[0].path).toBe(img);
  });

  it('fails with one clear line and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['models', 'use', 'nope'], /not installed/],
      [['models', 'install', 'no-such-model'], /unknown model/],
      [['embed', '--image', '/no/such/file.jpg'], /no such file/],
      [['search'], /usage/],
      [['frobnicate'], /unknown command/],
      [['search', 'x', '--after', 'yesterday'], /after/],
    ];
    for (const [args, re] of cases) {
      const r = await glimpse(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(re);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^glimpse: /);
    }
  });

  it('rejects a corrupt pack on import and keeps the working one', async () => {
    const broken = tempDir('glimpse-broken-pack-');
    try {
      cpSync(tinyPackDir, broken.path, { recursive: true });
      writeFileSync(join(broken.path, 'textual', 'model.onnx'), Buffer.from('not an onnx model'));
      const r = await glimpse('models', 'import', broken.path, '--name', 'broken');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/does not work|cannot load/);
      const list = JSON.parse((await glimpse('models', 'list', '--json')).stdout) as { name: string; inUse: boolean; installed: boolean }[];
      expect(list.find((m) => m.name === 'broken')).toBeUndefined();
      expect(list.find((m) => m.inUse)?.name).toBe('tiny-clip-immich');
    } finally {
      broken.cleanup();
    }
  });
});

describe('glimpse explain', () => {
  it('writes a heatmap for a text query and an image query', async () => {
    const folder = join(evalDir, 'coco2017-mini80');
    const img = join(folder, 'images', JSON.parse(readFileSync(join(folder, 'captions.jsonl'), 'utf8').split('\n')[1]!).image.replace(/^images\//, ''));
    expect((await glimpse('index', folder)).code).toBe(0); // no-op when the test above ran
    const out = join(data.path, 'heat.png');
    const r = await glimpse('explain', 'a dog', img, '--method', 'patch', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.method).toBe('patch');
    expect(res.grid.length).toBeGreaterThan(1);
    expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
    const o = await glimpse('explain', '--image', img, img, '--method', 'occlusion', '--json');
    expect(o.code, o.stderr).toBe(0);
    expect(JSON.parse(o.stdout).method).toBe('occlusion');
  });

  it('explains an image outside the library (any path the user can read), and refuses a missing one in one line', async () => {
    const outside = join(data.path, 'not-indexed.jpg');
    cpSync(join(evalDir, 'robustness/orientation/Landscape_6.jpg'), outside);
    const out = join(data.path, 'outside-heat.png');
    const r = await glimpse('explain', 'a landscape', outside, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { grid: number[][]; width: number; height: number };
    expect(res.grid.length).toBeGreaterThan(1);
    expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
    const missing = await glimpse('explain', 'a landscape', join(data.path, 'missing.jpg'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
