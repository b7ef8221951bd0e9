// A GPU (or any non-CPU) execution provider is trusted only after a golden self-test: the pack's own
// embedding of a fixed input, computed on the candidate provider and on the CPU, must agree
// (finite, cosine >= SELF_TEST_MIN_COSINE). A provider that crashes, returns NaN/Inf or disagrees
// is dropped for the CPU session, and the reason is kept for `status` (providerFallbackReason),
// together with any better provider that could not even create a session.
import type * as ort from 'onnxruntime-node';
import { logger } from '../util/logger';
import { cosine } from '../vectors';
import { createSession, type CreatedSession, type ProviderName } from './providers';

const log = logger('provider-check');

/** fp16/TF32 kernels on GPUs land around 0.9999-1; a broken kernel lands far below. */
export const SELF_TEST_MIN_COSINE = 0.999;

export interface CheckedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  /** Why a better provider is not in use (creation failed, or the self-test did), else null. */
  fallbackReason: string | null;
}

export interface SelfTestOptions {
  modelPath: string;
  threads?: number;
  spin?: boolean;
  /** The pack's embedding of the golden input on a session (raw output, any shape). */
  golden(session: ort.InferenceSession): Promise<Float32Array>;
  /**
   * Report better providers that could not start. Default: only when the user chose the list
   * (GLIMPSE_PROVIDERS); auto-detected ones that are merely not installed (CUDA libraries on a
   * machine without them) are expected, not a fallback worth a line in every status.
   */
  reportStartFailures?: boolean;
  /** Test seam, like GLIMPSE_PROVIDER_FAULT: corrupts the candidate's output ('nan', 'mismatch', 'crash'). */
  fault?: string;
}

/** A fixed, smooth RGB test card (HWC uint8): gradients and a checker, no flat regions. */
export function goldenRgb(size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      const checker = ((x >> 4) + (y >> 4)) & 1 ? 40 : 0;
      rgb[o] = (x * 255) / size;
      rgb[o + 1] = ((y * 255) / size + checker) % 256;
      rgb[o + 2] = (((x + y) * 127) / size + checker) % 256;
    }
  }
  return rgb;
}

export const GOLDEN_TEXT = 'a photo of a dog on the beach at sunset';

function applyFault(out: Float32Array, fault: string | undefined): Float32Array {
  if (fault === 'crash') throw new Error('the provider crashed while running the self-test (injected)');
  if (fault === 'nan') return out.map((v, i) => (i === 0 ? Number.NaN : v));
  if (fault === 'mismatch') return out.map((v, i) => (i % 2 ? -v : v));
  return out;
}

/** Why the candidate's output cannot be trusted, or null when it agrees with the CPU's. */
export function judge(candidate: Float32Array, reference: Float32Array): string | null {
  if (candidate.length !== reference.length) return `output has ${candidate.length} values, the CPU's ${reference.length}`;
  if (candidate.some((v) => !Number.isFinite(v))) return 'output has NaN or infinite values';
  const cos = cosine(candidate, reference);
  if (!(cos >= SELF_TEST_MIN_COSINE)) return `output disagrees with the CPU's (cosine ${cos.toFixed(4)} < ${SELF_TEST_MIN_COSINE})`;
  return null;
}

/**
 * Returns the created session when it is the CPU's or passes the self-test, else a CPU session.
 * GLIMPSE_PROVIDER_SELFTEST=always tests even a CPU session against a second one (tests, support).
 */
export async function selfTested(created: CreatedSession, opts: SelfTestOptions): Promise<CheckedSession> {
  const skipped = created.fallbacks.map((f) => `${f.provider}: ${f.reason}`);
  const report = opts.reportStartFailures ?? Boolean(process.env.GLIMPSE_PROVIDERS);
  const creationReason = report && skipped.length ? `could not start ${skipped.join('; ')}` : null;
  const fault = opts.fault ?? process.env.GLIMPSE_PROVIDER_FAULT;
  const force = process.env.GLIMPSE_PROVIDER_SELFTEST === 'always' || fault !== undefined;
  if (created.provider === 'cpu' && !force) return { session: created.session, provider: 'cpu', fallbackReason: creationReason };
  const started = performance.now();
  let why: string | null;
  let reference: ort.InferenceSession | null = null;
  try {
    const candidate = applyFault(await opts.golden(created.session), fault);
    reference = (await createSession(opts.modelPath, ['cpu'], opts.threads, opts.spin ?? true)).session;
    why = judge(candidate, await opts.golden(reference));
  } catch (err) {
    why = `the self-test failed: ${(err as Error).message.split('\n')[0]}`;
  }
  const ms = Math.round(performance.now() - started);
  if (why === null) {
    log.info(`${created.provider} passed the self-test for ${opts.modelPath} in ${ms} ms`);
    await reference?.release();
    return { session: created.session, provider: created.provider, fallbackReason: creationReason };
  }
  const reason = `${created.provider} failed its self-test (${why}); using the CPU`;
  log.warn(`${reason} for ${opts.modelPath}`);
  await created.session.release();
  reference ??= (await createSession(opts.modelPath, ['cpu'], opts.threads, opts.spin ?? true)).session;
  return { session: reference, provider: 'cpu', fallbackReason: creationReason ? `${reason}; ${creationReason}` : reason };
}

/** createSession, then the self-test. */
export async function createCheckedSession(modelPath: string, providers: ProviderName[] | undefined, threads: number | undefined, spin: boolean | undefined, golden: SelfTestOptions['golden']): Promise<CheckedSession> {
  const created = await createSession(modelPath, providers, threads, spin ?? true);
  return selfTested(created, { modelPath, threads, spin, golden });
}
