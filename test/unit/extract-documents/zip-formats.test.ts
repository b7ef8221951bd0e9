// ZIP-based formats in-thread (DOCX, PPTX, ODT/ODP, EPUB): real files from ../shared/eval plus
// small packages built with jszip for the cases the corpus lacks (slide order, notes, DRM, ...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseDocumentBuffer, type DocumentFormat, type ExtractedDocument } from '../../../src/main/engine/extract/documents';
import { GlimpseError } from '../../../src/shared/errors';
import { evalDir } from '../../helpers/paths';

const docs = join(evalDir, 'documents', 'unstructured-example-docs');
const real = (name: string, format: DocumentFormat): Promise<ExtractedDocument> => parseDocumentBuffer(new Uint8Array(readFileSync(join(docs, name))), format);
const text = (d: ExtractedDocument): string => d.pages.map((p) => p.text).join('\n');

async function zip(files: Record<string, string>): Promise<Uint8Array> {
  const z = new JSZip();
  for (const [name, content] of Object.entries(files)) z.file(name, content);
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(GlimpseError);
    return (err as GlimpseError).kind;
  }
}

const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const shape = (body: string, ph = ''): string =>
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:txBody>${body}</p:txBody></p:sp>`;
const slide = (...shapes: string[]): string => `<?xml version="1.0"?><p:sld ${NS}><p:cSld><p:spTree>${shapes.join('')}</p:spTree></p:cSld></p:sld>`;
const rel = (id: string, type: string, target: string): string => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
const rels = (...r: string[]): string => `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${r.join('')}</Relationships>`;

describe('DOCX', () => {
  it('keeps headings, list items and table rows as separate lines', async () => {
    const d = await real('category-level.docx', 'docx');
    expect(d.format).toBe('docx');
    expect(d.pages).toHaveLength(1);
    expect(d.pages[0]?.page).toBeNull();
    expect(d.pages[0]?.text).toContain('\n\nA Heading 1\n\n');
    expect(text(d)).toContain('Call me Ishmael.');
    expect(d.metadata.created).toBe('2023-09-22T18:38:00Z');
    const tables = await real('docx-tables.docx', 'docx');
    expect(tables.pages[0]?.text).toContain('Header Col 1 Header Col 2');
    expect(text(tables)).toContain('g&t');
  });

  it('refuses an encrypted Office file, a legacy .doc and a broken ZIP with clear kinds', async () => {
    // Office encryption = an OLE compound file holding an "EncryptionInfo" stream.
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const encrypted = Buffer.from(ole);
    Buffer.from('EncryptionInfo', 'utf16le').copy(encrypted, 1024);
    expect(await kindOf(parseDocumentBuffer(new Uint8Array(encrypted), 'docx'))).toBe('password-protected');
    expect(await kindOf(parseDocumentBuffer(new Uint8Array(encrypted), 'pptx'))).toBe('password-protected');
    expect(await kindOf(parseDocumentBuffer(new Uint8Array(ole), 'docx'))).toBe('unsupported');
    const good = readFileSync(join(docs, 'fake.docx'));
    expect(await kindOf(parseDocumentBuffer(new Uint8Array(good.subarray(0, good.length >> 1)), 'docx'))).toBe('corrupt');
    expect(await kindOf(parseDocumentBuffer(new Uint8Array(Buffer.from('%PDF-1.4 not a zip')), 'docx'))).toBe('corrupt');
    expect(await kindOf(parseDocumentBuffer(await zip({ 'hello.txt': 'hi' }), 'docx'))).toBe('corrupt');
  });
});

describe('PPTX', () => {
  it('reads a real deck: one page per slide, numbered from 1', async () => {
    const d = await real('sample-presentation.pptx', 'pptx');
    expect(d.pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
    expect(d.pages[0]?.text).toBe('Title Slide\n\nWith a subtitle');
    expect(d.pages[3]?.text).toContain('Table A B C\n1 A1 B1 C1');
    expect(d.metadata.slides).toBe('4');
  });

  it('follows presentation order, puts titles first, adds notes, skips slide-number fields', async () => {
    const buf = await zip({
      'ppt/presentation.xml': `<?xml version="1.0"?><p:presentation ${NS}><p:sldIdLst><p:sldId id="256" r:id="rId7"/><p:sldId id="257" r:id="rId3"/></p:sldIdLst></p:presentation>`,
      'ppt/_rels/presentation.xml.rels': rels(rel('rId3', 'slide', 'slides/slide1.xml'), rel('rId7', 'slide', 'slides/slide2.xml')),
      'ppt/slides/slide1.xml': slide(shape('<a:p><a:r><a:t>Second shown</a:t></a:r></a:p>')),
      'ppt/slides/slide2.xml': slide(
        shape('<a:p><a:r><a:t>Body first in the tree</a:t></a:r><a:br/><a:r><a:t>next line</a:t></a:r></a:p>'),
        shape('<a:p><a:r><a:t>The Title</a:t></a:r></a:p>', '<p:ph type="title"/>'),
        shape('<a:p><a:fld id="{1}" type="slidenum"><a:t>7</a:t></a:fld></a:p>', '<p:ph type="sldNum"/>'),
      ),
      'ppt/slides/_rels/slide2.xml.rels': rels(rel('rId1', 'notesSlide', '../notesSlides/notesSlide1.xml')),
      'ppt/notesSlides/notesSlide1.xml': slide(shape('<a:p><a:r><a:t>Speaker notes &amp; hints</a:t></a:r></a:p>', '<p:ph type="body"/>')),
      'docProps/core.xml': '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Quarterly review</dc:title><dc:creator>Ann</dc:creator></cp:coreProperties>',
    });
    const d = await parseDocumentBuffer(buf, 'pptx');
    expect(d.title).toBe('Quarterly review');
    expect(d.metadata.author).toBe('Ann');
    expect(d.pages).toEqual([
      { page: 1, text: 'The Title\n\nBody first in the tree\nnext line\n\nSpeaker notes & hints' },
      { page: 2, text: 'Second shown' },
    ]);
  });

  it('reads the malformed deck of the corpus and an image-only deck', async () => {
    const bad = await real('fake-power-point-malformed.pptx', 'pptx');
    expect(bad.pages[0]?.text).toContain('Test Slide');
    // "PowerPoint Presentation" is the tool's default title, not the document's.
    expect(bad.title).toBeNull();
    const pic = await real('picture.pptx', 'pptx');
    expect(pic.pages).toEqual([{ page: 1, text: '' }]);
  });
});

describe('OpenDocument', () => {
  it('reads the real ODT like its DOCX twin', async () => {
    const odt = await real('simple.odt', 'odt');
    const docx = await real('simple.docx', 'docx');
    expect(text(odt)).toBe(text(docx));
    expect(odt.metadata.generator).toContain('Pandoc');
  });

  it('expands text:s, skips tracked deletions, and gives ODP one page per slide', async () => {
    const content = (body: string): string =>
      `<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:text="t" xmlns:draw="d" xmlns:presentation="p"><office:body>${body}</office:body></office:document-content>`;
    const odt = await zip({
      'mimetype': 'application/vnd.oasis.opendocument.text',
      'content.xml': content('<office:text><text:tracked-changes><text:changed-region><text:deletion><text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes><text:h>Heading</text:h><text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d</text:p></office:text>'),
      'meta.xml': '<?xml version="1.0"?><office:document-meta xmlns:office="o" xmlns:dc="dc" xmlns:meta="m"><office:meta><dc:title>My ODT</dc:title><meta:initial-creator>Bo</meta:initial-creator></office:meta></office:document-meta>',
    });
    const d = await parseDocumentBuffer(odt, 'odt');
    expect(d).toMatchObject({ format: 'odt', title: 'My ODT', metadata: { author: 'Bo' } });
    expect(d.pages).toEqual([{ page: null, text: 'Heading\n\na b c\nd' }]);

    const odp = await zip({
      'content.xml': content('<office:presentation><draw:page><draw:frame><draw:text-box><text:p>Slide one</text:p></draw:text-box></draw:frame></draw:page><draw:page><text:p>Slide two</text:p><presentation:notes><text:p>Note two</text:p></presentation:notes></draw:page></office:presentation>'),
    });
    const p = await parseDocumentBuffer(odp, 'odp');
    expect(p.pages).toEqual([
      { page: 1, text: 'Slide one' },
      { page: 2, text: 'Slide two\n\nNote two' },
    ]);
  });
});

describe('EPUB', () => {
  it('reads a real book in spine order with its Dublin Core metadata', async () => {
    const d = await real('winter-sports.epub', 'epub');
    expect(d.title).toBe('Winter Sports in Switzerland');
    expect(d.metadata.author).toBe('E. F. Benson');
    const t = text(d);
    expect(t).toContain('THE EIGER');
    expect(t.indexOf('START OF THE PROJECT GUTENBERG EBOOK')).toBeLessThan(t.indexOf('END OF THE PROJECT GUTENBERG EBOOK'));
  });

  const book = (extra: Record<string, string> = {}): Promise<Uint8Array> =>
    zip({
      'mimetype': 'application/epub+zip',
      'META-INF/container.xml': '<?xml version="1.0"?><container><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
      'OEBPS/content.opf': `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata><dc:title>Tiny</dc:title></metadata>
        <manifest><item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="text/ch%202.xhtml" media-type="application/xhtml+xml"/><item id="css" href="s.css" media-type="text/css"/></manifest>
        <spine><itemref idref="c2"/><itemref idref="c1"/></spine></package>`,
      'OEBPS/text/ch1.xhtml': '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ch1</title></head><body><p>Chapter one<a id="x"/> text.</p></body></html>',
      'OEBPS/text/ch 2.xhtml': '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter two</h1></body></html>',
      ...extra,
    });

  it('follows the spine, not the manifest, and resolves escaped hrefs', async () => {
    const d = await parseDocumentBuffer(await book(), 'epub');
    expect(d.title).toBe('Tiny');
    expect(d.pages).toEqual([{ page: null, text: 'Chapter two\n\nChapter one text.' }]);
  });

  it('refuses DRM-encrypted chapters but accepts obfuscated fonts', async () => {
    const enc = (algorithm: string, uri: string): string =>
      `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData></encryption>`;
    const drm = await book({ 'META-INF/encryption.xml': enc('http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'OEBPS/text/ch1.xhtml') });
    expect(await kindOf(parseDocumentBuffer(drm, 'epub'))).toBe('password-protected');
    const fonts = await book({ 'META-INF/encryption.xml': enc('http://www.idpf.org/2008/embedding', 'OEBPS/font.otf') });
    expect(await kindOf(parseDocumentBuffer(fonts, 'epub'))).toBe('ok');
  });

  it('calls a ZIP without a package file corrupt', async () => {
    expect(await kindOf(parseDocumentBuffer(await zip({ 'mimetype': 'application/epub+zip' }), 'epub'))).toBe('corrupt');
  });
});
