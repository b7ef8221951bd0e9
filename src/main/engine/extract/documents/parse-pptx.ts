// PPTX -> one page per slide, in presentation order (ppt/presentation.xml's slide list resolved
// through its relationships; file names like slide10.xml do not give the order). A slide's text is
// its shapes' a:t runs (title placeholders first), then its speaker notes. Auto fields (slide
// numbers, dates) are skipped: they are not what anyone searches for.
import { Parser } from 'htmlparser2';
import { GlimpseError } from '../../../../shared/errors';
import { readDublinCore } from './dublin-core';
import { tidyText } from './text-cleanup';
import type { DocumentPage, ExtractedDocument } from './types';
import { openZip, resolveZipPath, type ZipArchive } from './zip-archive';

const SHAPES = new Set(['p:sp', 'p:graphicframe', 'p:cxnsp']);
const TITLE_TYPES = new Set(['title', 'ctrtitle']);

export async function parsePptx(buf: Uint8Array): Promise<ExtractedDocument> {
  const zip = await openZip(buf, 'PowerPoint presentation (.pptx)');
  const slidePaths = await slideOrder(zip);
  if (slidePaths.length === 0 && !zip.has('ppt/presentation.xml')) {
    throw new GlimpseError('corrupt', 'not a valid PowerPoint presentation (.pptx): ppt/presentation.xml is missing');
  }
  const core = await zip.text('docProps/core.xml');
  const { title, metadata } = core ? readDublinCore(core) : { title: null, metadata: {} };
  const pages: DocumentPage[] = [];
  for (const [i, path] of slidePaths.entries()) {
    const xml = await zip.text(path);
    const parts = xml ? [slideText(xml)] : [];
    const notesPath = await relatedPart(zip, path, '/notesSlide');
    const notes = notesPath ? await zip.text(notesPath) : null;
    if (notes) parts.push(slideText(notes));
    pages.push({ page: i + 1, text: tidyText(parts.join('\n\n')) });
  }
  metadata.slides = String(pages.length);
  return { format: 'pptx', title, pages, metadata };
}

/** Slide part paths in presentation order; falls back to slideN.xml by number if the list is unusable. */
async function slideOrder(zip: ZipArchive): Promise<string[]> {
  const pres = await zip.text('ppt/presentation.xml');
  const rels = await readRels(zip, 'ppt/presentation.xml');
  const ordered: string[] = [];
  if (pres) {
    for (const m of pres.matchAll(/<p:sldId\b[^>]*?\br:id="([^"]+)"/g)) {
      const target = rels.get(m[1] ?? '');
      if (target && zip.has(target) && !ordered.includes(target)) ordered.push(target);
    }
  }
  if (ordered.length > 0) return ordered;
  return zip
    .names()
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/i.test(n))
    .sort((a, b) => slideNumber(a) - slideNumber(b));
}

function slideNumber(path: string): number {
  return Number(path.match(/(\d+)\.xml$/i)?.[1] ?? 0);
}

/** Relationship id -> absolute part path for one part's _rels file. */
async function readRels(zip: ZipArchive, part: string): Promise<Map<string, string>> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
  const xml = await zip.text(relsPath);
  const map = new Map<string, string>();
  if (!xml) return map;
  for (const m of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const id = attrs.match(/\bId="([^"]+)"/)?.[1];
    const target = attrs.match(/\bTarget="([^"]+)"/)?.[1];
    if (id && target && !/TargetMode="External"/.test(attrs)) map.set(id, resolveZipPath(part, target));
  }
  return map;
}

/** The first part related to `part` whose relationship type ends with `typeSuffix` (e.g. notes). */
async function relatedPart(zip: ZipArchive, part: string, typeSuffix: string): Promise<string | null> {
  const slash = part.lastIndexOf('/');
  const xml = await zip.text(`${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`);
  if (!xml) return null;
  for (const m of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const type = attrs.match(/\bType="([^"]+)"/)?.[1] ?? '';
    const target = attrs.match(/\bTarget="([^"]+)"/)?.[1];
    if (target && type.endsWith(typeSuffix)) return resolveZipPath(part, target);
  }
  return null;
}

/** Text of one slide or notes XML: shapes in order with title placeholders first, fields skipped. */
export function slideText(xml: string): string {
  const titles: string[] = [];
  const others: string[] = [];
  let shapeDepth = 0;
  let shape = '';
  let isTitle = false;
  let skipShape = false;
  let inText = 0;
  let inField = 0;
  let inCell = 0;
  const parser = new Parser(
    {
      onopentag(raw, attrs) {
        const name = raw.toLowerCase();
        if (SHAPES.has(name)) {
          if (shapeDepth === 0) {
            shape = '';
            isTitle = false;
            skipShape = false;
          }
          shapeDepth++;
        } else if (name === 'p:ph' && shapeDepth > 0) {
          const type = (attrs.type ?? '').toLowerCase();
          if (TITLE_TYPES.has(type)) isTitle = true;
          if (type === 'sldnum' || type === 'sldimg') skipShape = true;
        } else if (name === 'a:t') inText++;
        else if (name === 'a:fld') inField++;
        else if (name === 'a:tc') inCell++;
        else if (name === 'a:br') shape += inCell > 0 ? ' ' : '\n';
      },
      ontext(text) {
        if (inText > 0 && inField === 0 && shapeDepth > 0) shape += text;
      },
      onclosetag(raw) {
        const name = raw.toLowerCase();
        if (name === 'a:t') inText = Math.max(0, inText - 1);
        else if (name === 'a:fld') inField = Math.max(0, inField - 1);
        // A table row is one line: paragraphs inside a cell only separate words.
        else if (name === 'a:p') shape += inCell > 0 ? ' ' : '\n';
        else if (name === 'a:tr') shape += '\n';
        else if (name === 'a:tc') {
          inCell = Math.max(0, inCell - 1);
          shape += ' ';
        }
        else if (SHAPES.has(name) && shapeDepth > 0) {
          shapeDepth--;
          if (shapeDepth === 0 && !skipShape && shape.trim()) (isTitle ? titles : others).push(shape);
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return tidyText([...titles, ...others].join('\n\n'));
}
