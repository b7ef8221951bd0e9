// Messages between the OCR pool (main side) and an OCR worker thread. Errors cross as plain
// {kind, message} bodies and are rebuilt into GlimpseErrors on the main side.
import type { ErrorBody } from '../../../../shared/contract';
import type { OcrEngineOptions, OcrResult, PdfPageInput } from './types';

export type ToWorker =
  | { type: 'init'; options: OcrEngineOptions }
  | { type: 'ocr'; id: number; input: string | Uint8Array | PdfPageInput }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: ErrorBody }
  | { type: 'result'; id: number; result: OcrResult }
  | { type: 'error'; id: number; error: ErrorBody }
  | { type: 'closed' };
