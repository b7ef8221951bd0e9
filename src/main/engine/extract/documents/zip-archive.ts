// Opens the ZIP containers of DOCX/PPTX/EPUB/ODT/ODP with jszip and turns their failure modes into
// clear error kinds: an encrypted Office file (which is an OLE compound file, not a ZIP), a legacy
// binary .doc/.ppt renamed, a broken archive, and decompression bombs: every markup part a parser
// (ours or mammoth, which inflates the body itself) may read is size-checked from the central
// directory, then inflated once as a bounded stream (zlib's maxOutputLength), so a header that
// lies about its size is caught too, before any parser holds the text.
import JSZip from 'jszip';
import { inflateRawSync } from 'node:zlib';
import { GlimpseError } from '../../../../shared/errors';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Most a single archive may inflate to in total; real documents are far below this. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
/**
 * Most one markup part (word/document.xml, a slide, a chapter) may inflate to, and all of them
 * together. A 1000-page report's document.xml is ~20 MB; a 500 MB one cost mammoth 2.7 GB of RSS.
 */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
export const MAX_PARTS_TOTAL_BYTES = 160 * 1024 * 1024;
/** The parts parsers read as text (media entries are never inflated: images are dropped). */
const MARKUP_PART = /\.(xml|rels|x?html?|opf|ncx|txt)$/i;

interface CompressedEntry {
  uncompressedSize?: number;
  compression?: { magic?: string };
  compressedContent?: Uint8Array;
}

export interface ZipArchive {
  /** Entry names in archive order. */
  names(): string[];
  has(name: string): boolean;
  /** An entry as UTF-8 text, or null when absent. Names are matched exactly, then case-insensitively. */
  text(name: string): Promise<string | null>;
}

export async function openZip(buf: Uint8Array, what: string): Promise<ZipArchive> {
  if (OLE_MAGIC.every((b, i) => buf[i] === b)) {
    // Office encrypts OOXML by wrapping it in an OLE compound file with an "EncryptionInfo" stream.
    if (Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      throw new GlimpseError('password-protected', `this ${what} is encrypted with a password`);
    }
    throw new GlimpseError('unsupported', `this is a legacy binary Office file, not a ${what}; save it in the newer format`);
  }
  if (buf[0] !== 0x50 || buf[1] !== 0x4b) throw new GlimpseError('corrupt', `not a valid ${what}: the file is not a ZIP container`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf, { checkCRC32: false });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/encrypt/i.test(message)) throw new GlimpseError('password-protected', `this ${what} is inside an encrypted ZIP`, { cause: err });
    throw new GlimpseError('corrupt', `not a valid ${what}: ${message}`, { cause: err });
  }
  const entries = Object.keys(zip.files).filter((n) => !zip.files[n]?.dir);
  refuseBombs(zip, entries, what);
  const lower = new Map(entries.map((n) => [n.toLowerCase(), n]));
  let inflated = 0;

  return {
    names: () => entries,
    has: (name) => zip.file(name) !== null || lower.has(name.toLowerCase()),
    async text(name) {
      const file = zip.file(name) ?? zip.file(lower.get(name.toLowerCase()) ?? '\u0000');
      if (!file) return null;
      // jszip keeps the central directory's sizes on a private field; check before inflating.
      const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
      inflated += size;
      if (inflated > MAX_INFLATED_BYTES) {
        throw new GlimpseError('too-large', `this ${what} inflates to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MB`);
      }
      try {
        return await file.async('string');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new GlimpseError('corrupt', `not a valid ${what}: cannot read ${name}: ${message}`, { cause: err });
      }
    },
  };
}

/** Resolves a relative href against the folder of the entry that references it (OPF, rels files). */
export function resolveZipPath(fromEntry: string, href: string): string {
  const raw = href.split('#')[0] ?? '';
  let clean = raw;
  try {
    clean = decodeURIComponent(raw);
  } catch {
    // A stray '%' in a href: use it as written.
  }
  if (clean.startsWith('/')) return clean.slice(1);
  const parts = fromEntry.split('/').slice(0, -1);
  for (const seg of clean.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/**
 * Checks every markup part's size before a parser inflates it: first the size the central
 * directory declares, then the real one, inflating as a stream that stops at the cap (the output
 * is dropped; at most MAX_PART_BYTES is held at once). Throws GlimpseError('too-large').
 */
function refuseBombs(zip: JSZip, entries: string[], what: string): void {
  const tooLarge = (detail: string): GlimpseError => new GlimpseError('too-large', `this ${what} is a decompression bomb or too large to index: ${detail}`);
  let total = 0;
  const parts = entries.filter((n) => MARKUP_PART.test(n) || n === '[Content_Types].xml');
  for (const name of parts) {
    const data = (zip.files[name] as unknown as { _data?: CompressedEntry })._data;
    const declared = data?.uncompressedSize ?? 0;
    if (declared > MAX_PART_BYTES) throw tooLarge(`${name} inflates to ${Math.round(declared / 1048576)} MB (limit ${MAX_PART_BYTES / 1048576} MB)`);
    total += declared;
    if (total > MAX_PARTS_TOTAL_BYTES) throw tooLarge(`its text parts inflate to more than ${MAX_PARTS_TOTAL_BYTES / 1048576} MB`);
  }
  let actualTotal = 0;
  for (const name of parts) {
    const data = (zip.files[name] as unknown as { _data?: CompressedEntry })._data;
    const raw = data?.compressedContent;
    if (!raw) continue;
    const deflated = data.compression?.magic === '\x08\x00';
    let size = raw.byteLength;
    if (deflated) {
      try {
        size = inflateRawSync(raw, { maxOutputLength: MAX_PART_BYTES }).byteLength;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(`${name} inflates to more than ${MAX_PART_BYTES / 1048576} MB, though it claims ${data.uncompressedSize ?? 0} bytes`);
        continue; // a broken stream: the parser reports it as corrupt
      }
    }
    actualTotal += size;
    if (actualTotal > MAX_PARTS_TOTAL_BYTES) throw tooLarge(`its text parts inflate to more than ${MAX_PARTS_TOTAL_BYTES / 1048576} MB`);
  }
}
