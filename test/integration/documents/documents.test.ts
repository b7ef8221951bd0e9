// Documents end to end through the engine: ../shared/eval/documents indexed (every file indexed or
// failed with a clear kind), the recipes keyword known-item test, and "related" from recipe photos.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDocumentPath } from '../../../src/main/engine/extract/documents';
import { evalDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const docsRoot = join(evalDir, 'documents');
const recipes = join(evalDir, 'recipes-based-cooking');
let t: Awaited<ReturnType<typeof openTestEngine>>;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n.startsWith('.') ? [] : walk(p)) : [p];
  });
}

beforeAll(async () => {
  t = await openTestEngine();
  internals(t.engine).library.add(docsRoot);
  internals(t.engine).library.add(recipes);
  await t.engine.indexNow();
}, 600_000);
afterAll(async () => t.cleanup());

describe('documents', () => {
  it('indexes every document or fails it with a clear kind', async () => {
    const files = walk(docsRoot).filter(isDocumentPath);
    const perFormat: Record<string, { indexed: number; failed: Record<string, number> }> = {};
    for (const p of files) {
      const f = internals(t.engine).catalog.files.getByPath(p);
      expect(f, p).toBeDefined();
      expect(['indexed', 'failed']).toContain(f!.status);
      const fmt = extname(p).slice(1).toLowerCase();
      perFormat[fmt] ??= { indexed: 0, failed: {} };
      if (f!.status === 'indexed') perFormat[fmt].indexed++;
      else {
        expect(f!.errorKind).toMatch(/^(password-protected|corrupt|unsupported|too-large|timeout)$/);
        perFormat[fmt].failed[f!.errorKind!] = (perFormat[fmt].failed[f!.errorKind!] ?? 0) + 1;
      }
    }
    console.log('documents per format:', JSON.stringify(perFormat));
    expect(files.length).toBeGreaterThan(60);
  });

  it('search returns documents with page and snippet', async () => {
    const res = await t.engine.search({ query: 'reference card', filters: { type: 'document' } });
    expect(res.results.length).toBeGreaterThan(0);
    const hit = res.results[0]!;
    expect(hit.kind).toBe('document');
    expect(hit.snippet).toBeTruthy();
    expect(res.results.some((r) => typeof r.page === 'number')).toBe(true);
  });

  it('finds each recipe from two distinctive words of its body (top 3)', async () => {
    const docs = readdirSync(join(recipes, 'docs')).filter((f) => f.endsWith('.md') && !f.startsWith('_'));
    const words = (p: string) => new Set((readFileSync(p, 'utf8').replace(/^---[\s\S]*?---/, '').toLowerCase().match(/\p{L}{6,}/gu) ?? []));
    const df = new Map<string, number>();
    const bodies = new Map<string, Set<string>>();
    for (const d of docs) {
      const w = words(join(recipes, 'docs', d));
      bodies.set(d, w);
      for (const x of w) df.set(x, (df.get(x) ?? 0) + 1);
    }
    let hits = 0;
    let asked = 0;
    for (const d of docs) {
      // Two of the rarest words of the recipe (ties broken alphabetically, so the test is deterministic).
      const pick = [...bodies.get(d)!].sort((a, b) => df.get(a)! - df.get(b)! || a.localeCompare(b)).slice(0, 2);
      if (pick.length < 2) continue;
      asked++;
      const res = await t.engine.search({ query: pick.join(' '), filters: { type: 'document' }, pageSize: 3 });
      if (res.results.slice(0, 3).some((r) => r.path === join(recipes, 'docs', d))) hits++;
    }
    console.log(`recipes known-item: ${hits}/${asked} in the top 3 (${((100 * hits) / asked).toFixed(1)}%)`);
    expect(asked).toBeGreaterThan(300);
    expect(hits / asked).toBeGreaterThanOrEqual(0.95);
  });

  it('related: recipe photos return documents with passage, page and score', async () => {
    const pairs = readFileSync(join(recipes, 'pairs.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 5).map((l) => JSON.parse(l) as { image: string });
    for (const p of pairs) {
      const bytes = readFileSync(join(recipes, p.image));
      const res = await t.engine.related({ image: { bytesBase64: bytes.toString('base64') }, k: 5 });
      expect(res.results.length).toBe(5);
      for (const r of res.results) {
        expect(r.kind).toBe('document');
        expect(r.passage.length).toBeGreaterThan(0);
        expect(Number.isFinite(r.score)).toBe(true);
      }
      const scores = res.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});
