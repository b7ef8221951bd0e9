// Execution providers: a preference list filtered by platform and by what the installed
// onnxruntime-node offers; session creation falls through the list, logging why each failed.
import * as ort from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import { GlimpseError } from '../../../shared/errors';
import { logger } from '../util/logger';

const log = logger('providers');

export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

const PREFERENCE: ProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

const PLATFORMS: Record<ProviderName, NodeJS.Platform[] | 'all'> = {
  cuda: ['linux', 'win32'],
  dml: ['win32'],
  coreml: ['darwin'],
  webgpu: 'all',
  cpu: 'all',
};

/** Providers worth trying here, best first. GLIMPSE_PROVIDERS=cpu (comma list) overrides. */
export function candidateProviders(override = process.env.GLIMPSE_PROVIDERS): ProviderName[] {
  if (override) {
    const names = override.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) as ProviderName[];
    const unknown = names.filter((n) => !PREFERENCE.includes(n));
    if (unknown.length) throw new GlimpseError('bad-request', `unknown execution provider(s): ${unknown.join(', ')} (known: ${PREFERENCE.join(', ')})`);
    return names;
  }
  const offered = new Set<string>(ort.listSupportedBackends().map((b) => b.name));
  return PREFERENCE.filter((p) => {
    const platforms = PLATFORMS[p];
    if (platforms !== 'all' && !platforms.includes(process.platform)) return false;
    if (p === 'webgpu' && process.platform === 'linux' && !hasVulkanDriver()) return false;
    return p === 'cpu' || offered.has(p);
  });
}

export interface CreatedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  /** Why better providers were skipped. */
  fallbacks: { provider: ProviderName; reason: string }[];
}

/** WebGPU on Linux runs on Vulkan: without an installed Vulkan driver (ICD) it can only fail, noisily. */
function hasVulkanDriver(): boolean {
  return ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'].some((d) => existsSync(d));
}

let ortLogLevelSet = false;

/**
 * `spin: false` stops onnxruntime's intra-op threads from busy-waiting between kernels: when a
 * session shares the CPU with heavy other work, spinning only burns cycles that work needs.
 * `prepack: false` keeps weights as they are instead of also holding MatMul-packed copies: for
 * the text tower of ViT-B/32, 277 instead of 370 MB resident for 85 instead of 70 ms per new
 * query text (measured side by side); the visual tower keeps packing (115 vs 176 ms per image).
 */
export async function createSession(modelPath: string, providers: ProviderName[] = candidateProviders(), threads?: number, spin = true, prepack = true): Promise<CreatedSession> {
  const fallbacks: CreatedSession['fallbacks'] = [];
  if (!ortLogLevelSet) {
    // onnxruntime prints its own error lines when a provider library is absent; we log the reason ourselves.
    ort.env.logLevel = (process.env.GLIMPSE_ORT_LOG as typeof ort.env.logLevel) ?? 'fatal';
    ortLogLevelSet = true;
  }
  for (const provider of providers) {
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        ...(threads ? { intraOpNumThreads: threads } : {}),
        extra: { session: { ...(spin ? {} : { intra_op: { allow_spinning: '0' } }), ...(prepack ? {} : { disable_prepacking: '1' }) } },
      });
      if (fallbacks.length) log.info(`using ${provider} for ${modelPath}`, fallbacks);
      return { session, provider, fallbacks };
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0] ?? String(err);
      // Expected on machines without that accelerator: recorded (log file, `glimpse status`), not shouted.
      log.info(`execution provider ${provider} failed for ${modelPath}: ${reason}`);
      fallbacks.push({ provider, reason });
    }
  }
  const last = fallbacks[fallbacks.length - 1];
  throw new GlimpseError('model-invalid', `cannot load ${modelPath}: ${last ? last.reason : 'no execution provider available'}`);
}
