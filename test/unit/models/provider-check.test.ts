// The GPU self-test on real onnxruntime sessions: a candidate provider is kept only when the pack's
// embedding of a fixed input agrees with the CPU's; a crash, NaN or disagreement falls back to the
// CPU and says why. (No GPU here: the candidate is a real CPU session presented as another provider,
// and GLIMPSE_PROVIDER_FAULT's corruptions stand in for a broken kernel.)
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTextRows } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { GOLDEN_TEXT, judge, selfTested } from '../../../src/main/engine/models/provider-check';
import { createSession, type CreatedSession } from '../../../src/main/engine/models/providers';
import { textSignature } from '../../../src/main/engine/models/session-signature';
import { TextTokenizer } from '../../../src/main/engine/models/tokenizer';
import { fixturesDir } from '../../helpers/paths';

const pack = loadPack(join(fixturesDir, 'immich-packs-2025', 'tiny-clip-static'));
const tokenizer = TextTokenizer.load(pack, 77);
const golden = tokenizer.encodeBatch([GOLDEN_TEXT]);
const released: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const r of released.splice(0)) await r().catch(() => undefined);
});

/** A real CPU session presented as a GPU candidate. */
async function candidate(provider: CreatedSession['provider'] = 'webgpu'): Promise<CreatedSession> {
  const created = await createSession(pack.textualModelPath, ['cpu']);
  return { ...created, provider };
}

async function check(created: CreatedSession, fault?: string) {
  const sig = textSignature(created.session);
  const r = await selfTested(created, { modelPath: pack.textualModelPath, fault, reportStartFailures: true, golden: (s) => runTextRows(s, sig, 77, golden.ids, golden.attentionMask, 1) });
  released.push(() => r.session.release());
  return r;
}

describe('provider self-test', () => {
  it('keeps a candidate whose golden embedding agrees with the CPU', async () => {
    const r = await check(await candidate());
    expect(r.provider).toBe('webgpu');
    expect(r.fallbackReason).toBeNull();
  });

  it.each([
    ['nan', /NaN or infinite/],
    ['mismatch', /disagrees with the CPU's \(cosine/],
    ['crash', /self-test failed: the provider crashed/],
  ])('falls back to the CPU on %s and says why', async (fault, why) => {
    const r = await check(await candidate(), fault);
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toMatch(/^webgpu failed its self-test/);
    expect(r.fallbackReason).toMatch(why);
    // The fallback session is a working CPU session.
    const sig = textSignature(r.session);
    const out = await runTextRows(r.session, sig, 77, golden.ids, golden.attentionMask, 1);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('reports better providers that could not start, without testing the CPU', async () => {
    const created = await createSession(pack.textualModelPath, ['cuda', 'cpu']);
    const r = await check(created);
    expect(r.provider).toBe('cpu');
    if (created.fallbacks.length) expect(r.fallbackReason).toMatch(/^could not start cuda: /);
    // Auto-detected providers that are not installed are no fallback worth reporting.
    const quiet = await selfTested(await createSession(pack.textualModelPath, ['cuda', 'cpu']), { modelPath: pack.textualModelPath, reportStartFailures: false, golden: async () => new Float32Array(1) });
    released.push(() => quiet.session.release());
    expect(quiet.fallbackReason).toBeNull();
  });

  it('judges outputs: length, finiteness, cosine', () => {
    const a = Float32Array.from([1, 2, 3]);
    expect(judge(a, a)).toBeNull();
    expect(judge(Float32Array.from([1, 2]), a)).toMatch(/2 values/);
    expect(judge(Float32Array.from([1, Infinity, 3]), a)).toMatch(/NaN or infinite/);
    expect(judge(Float32Array.from([-1, -2, -3]), a)).toMatch(/cosine -1\.0000/);
  });
});
