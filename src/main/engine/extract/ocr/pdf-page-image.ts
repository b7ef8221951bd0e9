// One PDF page as an image for OCR: pdfjs-dist (legacy build, plain Node) renders the page onto an
// @napi-rs/canvas canvas (pdfjs's own optional dependency, which it uses in Node by itself) and the
// result is encoded as PNG for the OCR engine. Scanned documents are read page after page, so the
// last opened document is kept open (one per OCR worker) instead of parsing the file again.
import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GlimpseError } from '../../../../shared/errors';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** Long side of the rendered page in pixels: about 180 dpi on A4/Letter, what the detector reads well. */
export const DEFAULT_PAGE_SIDE = 2000;

interface CanvasLike {
  toBuffer(mime: 'image/png'): Buffer;
}
interface CanvasFactoryLike {
  create(width: number, height: number): { canvas: CanvasLike; context: unknown };
  destroy(entry: { canvas: CanvasLike; context: unknown }): void;
}

let pdfjsPromise: Promise<PdfJs> | null = null;
let open: { path: string; mtimeMs: number; doc: PdfDocument } | null = null;

function dataDir(): string {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

async function openPdf(path: string): Promise<PdfDocument> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(path)).mtimeMs;
  } catch (err) {
    throw new GlimpseError('not-found', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (open && open.path === path && open.mtimeMs === mtimeMs) return open.doc;
  await closePdfPages();
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdfjs = await pdfjsPromise;
  const dir = dataDir();
  const task = pdfjs.getDocument({
    data: new Uint8Array(await readFile(path)),
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    wasmUrl: join(dir, 'wasm') + '/',
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  try {
    const doc = await task.promise;
    open = { path, mtimeMs, doc };
    return doc;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw new GlimpseError('corrupt', `not a readable PDF: ${(err as Error).message}`, { cause: err });
  }
}

/** Renders page `page` (1-based) of the PDF at `path` so that its long side is `maxSide` pixels; PNG bytes. */
export async function renderPdfPage(path: string, page: number, maxSide = DEFAULT_PAGE_SIDE): Promise<Buffer> {
  const doc = await openPdf(path);
  if (!Number.isInteger(page) || page < 1 || page > doc.numPages) throw new GlimpseError('bad-request', `page ${page} is not in this PDF (${doc.numPages} pages)`);
  const p = await doc.getPage(page);
  try {
    const base = p.getViewport({ scale: 1 });
    const scale = maxSide / Math.max(base.width, base.height, 1);
    const viewport = p.getViewport({ scale });
    const factory = (doc as unknown as { canvasFactory?: CanvasFactoryLike }).canvasFactory;
    if (!factory) throw new GlimpseError('unsupported', 'PDF pages cannot be rendered here: no canvas (the optional package @napi-rs/canvas is missing)');
    let entry: { canvas: CanvasLike; context: unknown };
    try {
      entry = factory.create(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    } catch (err) {
      throw new GlimpseError('unsupported', `PDF pages cannot be rendered here: ${(err as Error).message}`, { cause: err });
    }
    try {
      const params = { canvasContext: entry.context, canvas: entry.canvas, viewport, background: 'rgb(255,255,255)' };
      await p.render(params as unknown as Parameters<typeof p.render>[0]).promise;
      return entry.canvas.toBuffer('image/png');
    } finally {
      factory.destroy(entry);
    }
  } finally {
    p.cleanup();
  }
}

/** Closes the document kept open between pages. */
export async function closePdfPages(): Promise<void> {
  const doc = open?.doc;
  open = null;
  await doc?.destroy().catch(() => undefined);
}
