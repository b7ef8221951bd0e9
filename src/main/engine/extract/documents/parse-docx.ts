// DOCX -> text with mammoth. convertToHtml (not extractRawText) so headings, list items and table
// cells come out as separate lines/paragraphs via the markup walker; images are dropped, not inlined
// as base64. The title and authorship come from docProps/core.xml. Headers/footers are skipped by
// mammoth on purpose: they repeat on every page and add noise to search.
import mammoth from 'mammoth';
import { GlimpseError } from '../../../../shared/errors';
import { readDublinCore } from './dublin-core';
import { markupToText } from './markup-text';
import type { ExtractedDocument } from './types';
import { openZip } from './zip-archive';

export async function parseDocx(buf: Uint8Array): Promise<ExtractedDocument> {
  const zip = await openZip(buf, 'Word document (.docx)');
  if (!zip.has('word/document.xml')) throw new GlimpseError('corrupt', 'not a valid Word document (.docx): word/document.xml is missing');
  const core = await zip.text('docProps/core.xml');
  const { title, metadata } = core ? readDublinCore(core) : { title: null, metadata: {} };
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), ignoreEmptyParagraphs: true, externalFileAccess: false },
    );
    html = result.value;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new GlimpseError('corrupt', `not a readable Word document (.docx): ${message}`, { cause: err });
  }
  return { format: 'docx', title, pages: [{ page: null, text: markupToText(html).text }], metadata };
}
