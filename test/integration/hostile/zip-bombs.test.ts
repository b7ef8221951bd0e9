// Decompression bombs through the real extraction worker pool: a .docx whose word/document.xml
// inflates to 300 MB from ~300 KB (mammoth used to inflate and parse it: GBs of RSS), the same
// with a central directory that lies about the size, and a .pptx slide bomb. Each is refused as
// 'too-large' in seconds with bounded memory; a normal .docx still parses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDocumentExtraction, extractDocument } from '../../../src/main/engine/extract/documents';
import { GlimpseError } from '../../../src/shared/errors';
import { tempDir } from '../../helpers/paths';

const tmp = tempDir('glimpse-bombs-');
afterAll(async () => {
  await closeDocumentExtraction();
  tmp.cleanup();
});

interface Entry {
  name: string;
  data: Buffer;
  /** Uncompressed size written in the headers (a lie when it differs from data.length). */
  claims?: number;
}

/** A minimal ZIP writer (deflate, no data descriptors): enough for jszip and mammoth. */
function makeZip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data, { level: 9 });
    const size = e.claims ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const docxParts = (body: Buffer, claims?: number): Entry[] => [
  {
    name: '[Content_Types].xml',
    data: Buffer.from(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
  },
  {
    name: '_rels/.rels',
    data: Buffer.from(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
  },
  { name: 'word/document.xml', data: body, ...(claims ? { claims } : {}) },
];

/** A document.xml of `mb` MB: one paragraph repeated. */
function hugeBody(mb: number): Buffer {
  const head = Buffer.from(`<?xml version="1.0"?><w:document ${W}><w:body>`);
  const tail = Buffer.from('</w:body></w:document>');
  const para = '<w:p><w:r><w:t>kayak fjord </w:t></w:r></w:p>';
  const fill = Buffer.alloc(mb * 1024 * 1024 - ((mb * 1024 * 1024) % para.length), para);
  return Buffer.concat([head, fill, tail]);
}

/** Runs an extraction, sampling RSS meanwhile: the outcome, seconds and peak RSS growth (MB). */
async function measured(path: string): Promise<{ kind: string; message: string; seconds: number; rssGrowthMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  let kind = 'ok';
  let message = '';
  try {
    await extractDocument(path, { timeoutMs: 60_000 });
  } catch (err) {
    expect(err).toBeInstanceOf(GlimpseError);
    kind = (err as GlimpseError).kind;
    message = (err as GlimpseError).message;
  } finally {
    clearInterval(timer);
  }
  return { kind, message, seconds: (performance.now() - t0) / 1000, rssGrowthMb: (Math.max(peak, process.memoryUsage().rss) - base) / 1e6 };
}

describe('decompression bombs', () => {
  const body = hugeBody(300);

  it('refuses a .docx whose body inflates to 300 MB, before mammoth reads it', async () => {
    const path = join(tmp.path, 'bomb.docx');
    const bomb = makeZip(docxParts(body));
    writeFileSync(path, bomb);
    const r = await measured(path);
    console.log(`bomb.docx (${Math.round(bomb.length / 1024)} KB, 300 MB inflated): ${r.kind} in ${r.seconds.toFixed(2)} s, RSS +${r.rssGrowthMb.toFixed(0)} MB: ${r.message}`);
    expect(r.kind).toBe('too-large');
    expect(r.message).toMatch(/decompression bomb/);
    expect(r.seconds).toBeLessThan(15);
    expect(r.rssGrowthMb).toBeLessThan(600);
  }, 120_000);

  it('refuses the same bomb when its headers claim 2 KB', async () => {
    const path = join(tmp.path, 'liar.docx');
    writeFileSync(path, makeZip(docxParts(body, 2048)));
    const r = await measured(path);
    console.log(`liar.docx: ${r.kind} in ${r.seconds.toFixed(2)} s, RSS +${r.rssGrowthMb.toFixed(0)} MB: ${r.message}`);
    expect(r.kind).toBe('too-large');
    expect(r.message).toMatch(/claims 2048 bytes/);
    expect(r.rssGrowthMb).toBeLessThan(600);
  }, 120_000);

  it('still reads a normal .docx built the same way', async () => {
    const path = join(tmp.path, 'fine.docx');
    writeFileSync(path, makeZip(docxParts(Buffer.from(`<?xml version="1.0"?><w:document ${W}><w:body><w:p><w:r><w:t>kayak on the fjord</w:t></w:r></w:p></w:body></w:document>`))));
    const doc = await extractDocument(path);
    expect(doc.pages.map((p) => p.text).join(' ')).toMatch(/kayak on the fjord/);
  }, 60_000);
});
