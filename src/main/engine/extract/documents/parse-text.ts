// Plain text -> one page: encoding detected (BOM, UTF-8, chardet), whitespace tidied. Plain text
// has no title of its own; the encoding found is kept in the metadata for diagnostics.
import { decodeText } from './decode-text';
import { tidyText } from './text-cleanup';
import type { ExtractedDocument } from './types';

export function parseText(buf: Uint8Array): ExtractedDocument {
  const { text, encoding } = decodeText(buf);
  return { format: 'text', title: null, pages: [{ page: null, text: tidyText(text) }], metadata: { encoding } };
}
