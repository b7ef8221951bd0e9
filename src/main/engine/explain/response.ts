// ExplainResult (engine side, PNG as a Buffer) -> the contract's ExplainResponse (base64 PNG), for
// the engine facade's `explain` call.
import type { ExplainResponse } from '../../../shared/contract';
import type { ExplainResult } from './types';

export function toExplainResponse(r: ExplainResult): ExplainResponse {
  return {
    method: r.method,
    grid: r.grid,
    width: r.width,
    height: r.height,
    overlayPngBase64: r.overlayPng.toString('base64'),
    cached: r.cached,
    tookMs: r.tookMs,
  };
}
