// PDF -> text per page with pdfjs-dist (legacy build, the one that runs in plain Node). pdfjs gives
// positioned text runs; lines come from its hasEOL flags plus our own check of the runs' positions
// (some producers emit no EOLs), paragraphs from vertical gaps, spaces from horizontal gaps.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlimpseError } from '../../../../shared/errors';
import { collapseDotLeaders, joinHyphenatedLines, tidyText } from './text-cleanup';
import type { DocumentPage, ExtractedDocument } from './types';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** pdfjs needs its CMaps (CJK and other CID fonts) and standard font metrics from its package folder. */
function pdfjsDataDir(): string {
  const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return dirname(pkg);
}

interface TextRun {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  height: number;
}

export async function parsePdf(buf: Uint8Array): Promise<ExtractedDocument> {
  const pdfjs = await loadPdfJs();
  const dataDir = pdfjsDataDir();
  // pdfjs takes ownership of (detaches) the array it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(buf),
    cMapUrl: join(dataDir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(dataDir, 'standard_fonts') + '/',
    wasmUrl: join(dataDir, 'wasm') + '/',
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const name = err instanceof Error ? err.name : '';
    const message = err instanceof Error ? err.message : String(err);
    if (name === 'PasswordException') throw new GlimpseError('password-protected', 'this PDF needs a password to open', { cause: err });
    throw new GlimpseError('corrupt', `not a readable PDF: ${message}`, { cause: err });
  }
  try {
    const { title, metadata } = await readPdfMetadata(doc);
    const pages: DocumentPage[] = [];
    let pageErrors = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        const text = layoutText(content.items as unknown[]);
        const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
        pages.push(needsOcr(text, Math.abs((x1 - x0) * (y1 - y0))) ? { page: n, text, needsOcr: true } : { page: n, text });
        page.cleanup();
      } catch {
        // One broken page (bad content stream) should not cost the rest of the document.
        pageErrors++;
        pages.push({ page: n, text: '', needsOcr: true });
      }
    }
    metadata.pages = String(doc.numPages);
    if (pageErrors > 0) metadata.pageErrors = String(pageErrors);
    // Scanned PDFs have no text layer at all: tell the pipeline so it can OCR the page images.
    if (pages.every((p) => p.text === '')) metadata.textLayer = 'none';
    return { format: 'pdf', title, pages, metadata };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/**
 * Fewer visible characters than this per square point of page means the page is mostly image: a
 * scan (no text layer, or a few stamped words), a photographed page. A Letter page (612x792 pt)
 * needs at least ~100 characters; full pages of text hold 2000-4000.
 */
const MIN_TEXT_PER_AREA = 1 / 5000;

/** True when a page's text layer is missing or too thin for its area: OCR should read the page image. */
export function needsOcr(text: string, areaPt2: number): boolean {
  const visible = text.replace(/\s+/g, '').length;
  return visible === 0 || visible < areaPt2 * MIN_TEXT_PER_AREA;
}

async function readPdfMetadata(doc: { getMetadata(): Promise<{ info: object; metadata: { get(name: string): unknown } | null }> }): Promise<{ title: string | null; metadata: Record<string, string> }> {
  const metadata: Record<string, string> = {};
  let title: string | null = null;
  try {
    const { info, metadata: xmp } = await doc.getMetadata();
    const dict = info as Record<string, unknown>;
    const str = (key: string): string | null => {
      const v = dict[key];
      return typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim() : null;
    };
    // XMP is the newer, usually cleaner source; the Info dictionary is the fallback.
    const xmpTitle = xmp?.get('dc:title');
    title = (typeof xmpTitle === 'string' && xmpTitle.trim() ? xmpTitle.trim() : null) ?? str('Title');
    const keys: [string, string][] = [['Author', 'author'], ['Subject', 'subject'], ['Keywords', 'keywords'], ['Creator', 'creator'], ['Producer', 'producer'], ['Language', 'language']];
    for (const [from, to] of keys) {
      const v = str(from);
      if (v) metadata[to] = v;
    }
    const created = pdfDate(str('CreationDate'));
    const modified = pdfDate(str('ModDate'));
    if (created) metadata.created = created;
    if (modified) metadata.modified = modified;
  } catch {
    // Metadata is a nicety; a broken Info dictionary must not fail the text.
  }
  return { title, metadata };
}

/** "D:20230120164927Z" / "D:20230626202052-04'00'" -> ISO 8601; null when unparseable. */
export function pdfDate(raw: string | null): string | null {
  const m = raw?.match(/^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz, tzh = '00', tzm = '00'] = m;
  const zone = !tz || tz === 'Z' || tz === 'z' ? 'Z' : `${tz}${tzh}:${tzm}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Joins pdfjs text runs into lines and paragraphs. Works in each run's own text direction (from its
 * transform), so rotated text is laid out like upright text. pdfjs's end-of-line flags are taken as
 * a hint, checked against positions: it flags a line end after superscripts ("Karpukhin∗ , Barlas")
 * although the next run continues on the same baseline.
 */
export function layoutText(items: unknown[]): string {
  let out = '';
  let prev: { endX: number; endY: number; ux: number; uy: number; size: number } | null = null;
  let atLineStart = true;
  let eolHint = false;
  let lineY: number | null = null;
  let lineSize = 0;
  const newline = (): void => {
    out += '\n';
    atLineStart = true;
  };
  for (const raw of items) {
    const item = raw as Partial<TextRun>;
    if (typeof item.str !== 'string' || !item.transform) continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    const scale = Math.hypot(a, b) || 1;
    const ux = a / scale;
    const uy = b / scale;
    const size = Math.hypot(c, d) || item.height || 1;
    // Position across the text direction: the baseline's "y" in the run's own frame.
    const y = -e * uy + f * ux;
    if (item.str !== '') {
      if (prev && !atLineStart) {
        const dx = e - prev.endX;
        const dy = f - prev.endY;
        const along = dx * ux + dy * uy;
        const across = -dx * uy + dy * ux;
        const turned = Math.abs(ux * prev.ux + uy * prev.uy) < 0.99;
        const big = Math.max(size, prev.size);
        if (eolHint) {
          // Honour the hint unless this run plainly continues the line: same baseline as the line
          // start, a little further along.
          const sameBaseline = lineY !== null && Math.abs(y - lineY) < 0.35 * Math.max(size, lineSize);
          if (turned || !sameBaseline || along < -0.5 * size || along > 3 * size) newline();
          else if (along > 0.15 * size && !/\s$/.test(out) && !/^\s/.test(item.str)) out += ' ';
        } else if (turned || Math.abs(across) > 0.7 * big || along < -2 * size) {
          newline();
        } else if (along > 0.15 * size && !/\s$/.test(out) && !/^\s/.test(item.str)) {
          out += ' ';
        }
      }
      if (atLineStart) {
        // A baseline gap clearly bigger than the line height means a new paragraph.
        if (lineY !== null && out !== '' && Math.abs(lineY - y) > 1.7 * Math.max(size, lineSize)) out += '\n';
        lineY = y;
        lineSize = size;
        atLineStart = false;
      }
      out += item.str;
      eolHint = false;
      const width = item.width ?? 0;
      prev = { endX: e + width * ux, endY: f + width * uy, ux, uy, size };
    }
    if (item.hasEOL) eolHint = true;
  }
  return tidyText(joinHyphenatedLines(collapseDotLeaders(out)));
}
