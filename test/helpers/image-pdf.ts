// Test helper: image-only ("scanned") PDFs. A text PDF page is rendered to a JPEG (pdftoppm from
// poppler-utils when installed, else pdfjs + canvas as the engine renders pages) and JPEGs are
// wrapped into a PDF by hand: one page per image, the JPEG embedded as-is (DCTDecode), no text layer.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderPdfPage } from '../../src/main/engine/extract/ocr/pdf-page-image';
import { tempDir } from './paths';

export interface ScanPage {
  jpeg: Buffer;
  width: number;
  height: number;
}

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Page `page` of `pdf` as a JPEG scan at `dpi`. */
export async function scanOfPage(pdf: string, page: number, dpi = 150): Promise<ScanPage> {
  let jpeg: Buffer;
  if (hasPdftoppm()) {
    const dir = tempDir('glimpse-scan-');
    try {
      const stem = join(dir.path, 'page');
      execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-jpeg', '-jpegopt', 'quality=85', '-singlefile', pdf, stem]);
      jpeg = readFileSync(`${stem}.jpg`);
    } finally {
      dir.cleanup();
    }
  } else {
    jpeg = await sharp(await renderPdfPage(pdf, page, Math.round((11.7 * dpi)))).jpeg({ quality: 85 }).toBuffer();
  }
  const meta = await sharp(jpeg).metadata();
  return { jpeg, width: meta.width!, height: meta.height! };
}

/** A blank (white) page scan. */
export async function blankScan(width = 1240, height = 1754): Promise<ScanPage> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).jpeg({ quality: 85 }).toBuffer();
  return { jpeg, width, height };
}

/** An image-only PDF: each scan fills one page (sized for `dpi`), no text layer. */
export function imageOnlyPdf(pages: readonly ScanPage[], dpi = 150): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string): void => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  const obj = (n: number, body: (Buffer | string)[]): void => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    for (const b of body) push(b);
    push('\nendobj\n');
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const pageIds = pages.map((_, i) => 3 + i * 3);
  obj(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  obj(2, [`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`]);
  pages.forEach((p, i) => {
    const id = pageIds[i]!;
    const w = ((p.width * 72) / dpi).toFixed(2);
    const h = ((p.height * 72) / dpi).toFixed(2);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    obj(id, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>`]);
    obj(id + 1, [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
    obj(id + 2, [`<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>\nstream\n`, p.jpeg, '\nendstream']);
  });
  const count = 3 + pages.length * 3;
  const xref = length;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}
