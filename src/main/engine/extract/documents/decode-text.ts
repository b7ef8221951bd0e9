// Bytes -> string for plain-text-like files of unknown encoding. Order of trust: a byte-order mark,
// then strict UTF-8 (by far the most common today, and a strict decode rarely passes by accident),
// then chardet's statistical guess decoded with iconv-lite. Files that look binary are refused.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { GlimpseError } from '../../../../shared/errors';

export interface DecodedText {
  text: string;
  /** iconv-lite name of the encoding used, e.g. 'utf-8', 'utf-16le', 'windows-1252'. */
  encoding: string;
}

const boms: { bytes: number[]; encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** chardet names that iconv-lite spells differently, or that a superset decodes better. */
const aliases: Readonly<Record<string, string>> = {
  // Real "Latin-1" text is almost always Windows-1252 (curly quotes, euro sign in 0x80-0x9F).
  'iso-8859-1': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
};

const SAMPLE_BYTES = 64 * 1024;

export function decodeText(buf: Uint8Array): DecodedText {
  for (const bom of boms) {
    if (bom.bytes.every((b, i) => buf[i] === b)) {
      return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).subarray(bom.bytes.length), bom.encoding), encoding: bom.encoding };
    }
  }
  const sample = buf.subarray(0, SAMPLE_BYTES);
  const utf16 = bomlessUtf16(sample);
  if (utf16) return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), utf16), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: fall through to detection.
  }
  const guesses = chardet.analyse(sample);
  for (const guess of guesses) {
    const name = aliases[guess.name.toLowerCase()] ?? guess.name.toLowerCase();
    if (name === 'utf-8') return { text: new TextDecoder('utf-8').decode(buf), encoding: 'utf-8' };
    if (!iconv.encodingExists(name)) continue;
    if (!name.startsWith('utf-16') && !name.startsWith('utf-32') && hasNulBytes(sample)) break;
    return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), name), encoding: name };
  }
  if (hasNulBytes(sample)) throw new GlimpseError('corrupt', 'the file looks binary, not like text');
  return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'windows-1252'), encoding: 'windows-1252' };
}

function hasNulBytes(sample: Uint8Array): boolean {
  return sample.indexOf(0) >= 0;
}

/**
 * BOM-less UTF-16 is recognisable by NULs on every other byte in Latin-script text (strict UTF-8
 * would accept it, NULs and all): NULs on odd offsets mean little-endian, on even offsets big-endian.
 */
function bomlessUtf16(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  const even = evenNul / pairs > 0.3;
  const odd = oddNul / pairs > 0.3;
  if (odd && !even) return 'utf-16le';
  if (even && !odd) return 'utf-16be';
  return null;
}
