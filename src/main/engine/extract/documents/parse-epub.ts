// EPUB -> text: META-INF/container.xml names the package (OPF) file, whose spine lists the XHTML
// chapters in reading order; each chapter goes through the markup walker. An EPUB has no fixed
// pages, so the chapters become one flow (paragraph breaks between them). DRM-encrypted books are
// refused clearly instead of yielding ciphertext.
import { GlimpseError } from '../../../../shared/errors';
import { readDublinCore } from './dublin-core';
import { markupToText } from './markup-text';
import { tidyText } from './text-cleanup';
import type { ExtractedDocument } from './types';
import { openZip, resolveZipPath } from './zip-archive';

/** Font obfuscation algorithms: "encrypted" fonts are fine, the text is not touched. */
const FONT_OBFUSCATION = ['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC'];

export async function parseEpub(buf: Uint8Array): Promise<ExtractedDocument> {
  const label = 'EPUB book';
  const zip = await openZip(buf, label);
  const container = await zip.text('META-INF/container.xml');
  const opfPath = container?.match(/<rootfile\b[^>]*\bfull-path="([^"]+)"/)?.[1] ?? zip.names().find((n) => n.toLowerCase().endsWith('.opf'));
  const opf = opfPath ? await zip.text(opfPath) : null;
  if (!opfPath || opf === null) throw new GlimpseError('corrupt', `not a valid ${label}: no package (.opf) file`);

  const metadataXml = opf.match(/<(?:\w+:)?metadata\b[\s\S]*?<\/(?:\w+:)?metadata>/)?.[0] ?? '';
  const { title, metadata } = readDublinCore(metadataXml);

  const manifest = new Map<string, { href: string; type: string }>();
  for (const m of opf.matchAll(/<(?:\w+:)?item\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const id = attr(attrs, 'id');
    const href = attr(attrs, 'href');
    if (id && href) manifest.set(id, { href: resolveZipPath(opfPath, href), type: attr(attrs, 'media-type') ?? '' });
  }
  const spine = [...opf.matchAll(/<(?:\w+:)?itemref\b([^>]*)>/g)]
    .map((m) => manifest.get(attr(m[1] ?? '', 'idref') ?? ''))
    .filter((item): item is { href: string; type: string } => !!item && /html|xml/i.test(item.type || 'html'));

  await refuseDrm(zip, new Set(spine.map((s) => s.href)));

  const chapters: string[] = [];
  for (const item of spine) {
    const xhtml = await zip.text(item.href);
    if (xhtml) chapters.push(markupToText(xhtml, { xhtml: true }).text);
  }
  metadata.chapters = String(chapters.length);
  return { format: 'epub', title, pages: [{ page: null, text: tidyText(chapters.join('\n\n')) }], metadata };
}

async function refuseDrm(zip: Awaited<ReturnType<typeof openZip>>, chapterPaths: Set<string>): Promise<void> {
  const enc = await zip.text('META-INF/encryption.xml');
  if (!enc) return;
  for (const m of enc.matchAll(/<(?:\w+:)?EncryptedData\b[\s\S]*?<\/(?:\w+:)?EncryptedData>/g)) {
    const block = m[0];
    const algorithm = block.match(/<(?:\w+:)?EncryptionMethod\b[^>]*\bAlgorithm="([^"]+)"/)?.[1] ?? '';
    const uri = block.match(/<(?:\w+:)?CipherReference\b[^>]*\bURI="([^"]+)"/)?.[1] ?? '';
    if (FONT_OBFUSCATION.includes(algorithm)) continue;
    if (chapterPaths.has(resolveZipPath('META-INF/encryption.xml', '../' + uri)) || chapterPaths.has(uri)) {
      throw new GlimpseError('password-protected', 'this EPUB book is DRM-protected; its text cannot be read');
    }
  }
}

function attr(attrs: string, name: string): string | null {
  return attrs.match(new RegExp(`(?:^|\\s)${name}\\s*=\\s*"([^"]*)"`))?.[1] ?? attrs.match(new RegExp(`(?:^|\\s)${name}\\s*=\\s*'([^']*)'`))?.[1] ?? null;
}
