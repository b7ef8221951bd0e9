// Types of the explain module's public interface (see explainer.ts).
import type { SeenRect } from './heat-map';

export type ExplainMethod = 'auto' | 'occlusion' | 'patch';

/** What the match is explained against: a text query, a query image, or a ready embedding. */
export type ExplainQuery = { text: string } | { image: string | Buffer } | { embedding: Float32Array };

/** The text side of the pack's embedder (ClipEmbedder satisfies it). */
export interface QueryEncoder {
  embedTexts(texts: string[]): Promise<Float32Array[]>;
}

export interface ExplainRequest {
  /** The matched image: a path or encoded bytes. */
  target: string | Buffer;
  /** Stable id of the target's content (e.g. the catalog's content hash); default: sha256 of its bytes. */
  contentId?: string;
  query: ExplainQuery;
  method?: ExplainMethod;
  /** Time budget for occlusion in ms (default the explainer's, 2000). */
  budgetMs?: number;
  /** Occlusion: evaluate exactly this many masks (rounded up to even), ignoring the budget. */
  masks?: number;
  signal?: AbortSignal;
}

export interface ExplainResult {
  /** The method actually used. */
  method: 'occlusion' | 'patch';
  /** Evidence in [0,1] over the oriented image, rows top to bottom; 0 where the model saw nothing. */
  grid: number[][];
  /** Size of the original image after EXIF orientation. */
  width: number;
  height: number;
  /** RGBA PNG heatmap, same aspect as the image, longest side capped (overlayWidth x overlayHeight). */
  overlayPng: Buffer;
  overlayWidth: number;
  overlayHeight: number;
  /** The part of the image the model saw (centre crop), in original pixels. */
  seen: SeenRect;
  /** Cosine similarity of the whole image with the query. */
  score: number;
  /** Raw values behind the normalised grid (cosine for patch, similarity change for occlusion). */
  range: { min: number; max: number };
  /** Occlusion: number of masks evaluated. */
  masks?: number;
  /** Set when 'patch' was asked for but occlusion was used, with the reason. */
  fallbackReason?: string;
  cached: boolean;
  tookMs: number;
  /** Time to compute (also on a cache hit: the original computation's). */
  computeMs: number;
  timings: { decodeMs: number; queryMs: number; saliencyMs: number; renderMs: number };
}
