// Public surface of the OCR module.
export { createOcrEngine } from './ocr-engine';
export { createLocalOcrEngine } from './local-engine';
export type { OcrEngine, OcrEngineOptions, OcrLine, OcrResult, PdfPageInput } from './types';
export { linesToText, sortReadingOrder } from './reading-order';
export * from './reading-order';
export { renderPdfPage } from './pdf-page-image';
