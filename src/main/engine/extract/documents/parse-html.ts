// HTML -> visible text, <title> and <meta> description/author/keywords. Bytes are decoded with the
// page's declared charset when it is not valid UTF-8 (old pages say so in a <meta>), otherwise
// with the shared BOM/UTF-8/chardet detection.
import iconv from 'iconv-lite';
import { decodeText } from './decode-text';
import { markupToText } from './markup-text';
import type { ExtractedDocument } from './types';

export function parseHtml(buf: Uint8Array): ExtractedDocument {
  const { text, title, metadata } = markupToText(decodeHtml(buf));
  const pageTitle = title ?? metadata.ogTitle ?? metadata.title ?? null;
  delete metadata.ogTitle;
  delete metadata.title;
  return { format: 'html', title: pageTitle, pages: [{ page: null, text }], metadata };
}

function decodeHtml(buf: Uint8Array): string {
  const hasBom = (buf[0] === 0xef && buf[1] === 0xbb) || buf[0] === 0xff || buf[0] === 0xfe;
  if (!hasBom) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.byteLength, 4096)).toString('latin1');
      const declared = head.match(/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i)?.[1]?.toLowerCase();
      const name = declared === 'iso-8859-1' || declared === 'us-ascii' ? 'windows-1252' : declared;
      if (name && name !== 'utf-8' && iconv.encodingExists(name)) return iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), name);
    }
  }
  return decodeText(buf).text;
}
