// Reference text for OCR evaluation: the text layer of the PDF a page image was rendered from,
// read with pdfjs-dist's legacy (Node) build, in content-stream order with pdfjs's end-of-line marks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PagePair {
  image: string;
  pdf: string;
}

export const PAIRS_FILE = '/work/shared/eval/documents/unstructured-example-docs/page_image_pairs.jsonl';

export function readPagePairs(file = PAIRS_FILE): PagePair[] {
  const base = dirname(file);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { image: string; doc: string })
    .map((p) => ({ image: join(base, p.image), pdf: join(base, p.doc) }));
}

/** Text of one PDF page (1-based). */
export async function pdfPageText(path: string, page = 1): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const p = await doc.getPage(page);
    const content = await p.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str;
      if (item.hasEOL) text += '\n';
    }
    return text;
  } finally {
    await doc.destroy();
  }
}
