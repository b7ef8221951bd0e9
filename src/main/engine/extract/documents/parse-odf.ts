// OpenDocument text (.odt) and presentations (.odp) -> text from content.xml, title and authorship
// from meta.xml. ODP gets one page per draw:page (slide), notes included; ODT is one flow. Tracked
// deletions and comments are skipped: they are not part of the visible document.
import { Parser } from 'htmlparser2';
import { GlimpseError } from '../../../../shared/errors';
import { readDublinCore } from './dublin-core';
import { tidyText } from './text-cleanup';
import type { DocumentPage, ExtractedDocument } from './types';
import { openZip } from './zip-archive';

const PARAGRAPHS = new Set(['text:p', 'text:h']);
const LINES = new Set(['text:list-item', 'table:table-row', 'text:line-break']);
const SKIPPED = new Set(['text:tracked-changes', 'office:annotation', 'text:bookmark-ref', 'svg:desc', 'svg:title', 'presentation:date-time', 'text:page-number']);

export async function parseOdf(buf: Uint8Array, format: 'odt' | 'odp'): Promise<ExtractedDocument> {
  const label = format === 'odt' ? 'OpenDocument text (.odt)' : 'OpenDocument presentation (.odp)';
  const zip = await openZip(buf, label);
  const content = await zip.text('content.xml');
  if (content === null) throw new GlimpseError('corrupt', `not a valid ${label}: content.xml is missing`);
  const meta = await zip.text('meta.xml');
  const { title, metadata } = meta ? readDublinCore(meta) : { title: null, metadata: {} };
  const texts = odfText(content, format === 'odp');
  const pages: DocumentPage[] = format === 'odp' ? texts.map((text, i) => ({ page: i + 1, text })) : [{ page: null, text: texts[0] ?? '' }];
  if (format === 'odp') metadata.slides = String(pages.length);
  return { format, title, pages, metadata };
}

/** One string per slide when `bySlide`, else a single string for the whole body. */
export function odfText(xml: string, bySlide: boolean): string[] {
  const pages: string[] = [];
  let out = '';
  let inBody = false;
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(raw, attrs) {
        const name = raw.toLowerCase();
        if (name === 'office:body') inBody = true;
        if (SKIPPED.has(name)) skipDepth++;
        if (!inBody || skipDepth > 0) return;
        if (bySlide && name === 'draw:page') out = '';
        else if (name === 'text:s') out += ' '.repeat(Math.min(Number(attrs['text:c'] ?? 1) || 1, 100));
        else if (name === 'text:tab') out += '\t';
        else if (LINES.has(name)) out += '\n';
        else if (PARAGRAPHS.has(name)) out += '\n\n';
      },
      ontext(text) {
        // Whitespace inside ODF paragraphs collapses like HTML; real spaces are text:s elements.
        if (inBody && skipDepth === 0) out += text.replace(/\s+/g, ' ');
      },
      onclosetag(raw) {
        const name = raw.toLowerCase();
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (name === 'office:body') inBody = false;
        if (!inBody && name !== 'office:body') return;
        if (PARAGRAPHS.has(name)) out += '\n\n';
        else if (name === 'table:table-cell') out += ' ';
        else if (bySlide && name === 'draw:page') pages.push(tidyText(out));
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return bySlide ? pages : [tidyText(out)];
}
