// Opens the ZIP containers of DOCX/PPTX/EPUB/ODT/ODP with jszip and turns their failure modes into
// clear error kinds: an encrypted Office file (which is an OLE compound file, not a ZIP), a legacy
// binary .doc/.ppt renamed, a broken archive, and decompression bombs (entries are size-checked
// from the central directory before they are inflated).
import JSZip from 'jszip';
import { GlimpseError } from '../../../../shared/errors';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Most a single archive may inflate to in total; real documents are far below this. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

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
