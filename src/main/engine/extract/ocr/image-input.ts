// Image decoding for OCR with sharp: EXIF orientation applied, transparency flattened onto white (dark
// text on a transparent PNG must not become black on black), and sharp's failures turned into
// GlimpseErrors. Detection decodes straight to its small size so JPEGs use shrink-on-load; the full
// resolution is only decoded when there is text to read.
import sharp, { type ResizeOptions } from 'sharp';
import { GlimpseError } from '../../../../shared/errors';
import type { RawImage } from './crop';

export type ImageInput = string | Buffer;

// Lenient decoding: a JPEG with a few stray bytes still carries readable text. Hard failures
// (bad headers, truncated PNG data streams) still throw.
const DECODE_OPTIONS = { failOn: 'error' } as const;

function describe(input: ImageInput): string {
  return typeof input === 'string' ? input : `image buffer (${input.length} bytes)`;
}

/** Maps a sharp failure to the GlimpseError kind a caller can act on. */
export function imageError(input: ImageInput, err: unknown): GlimpseError {
  if (err instanceof GlimpseError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const what = describe(input);
  if (/Input file is missing/i.test(msg)) return new GlimpseError('not-found', `image not found: ${what}`, { cause: err });
  if (/EACCES|permission denied/i.test(msg)) return new GlimpseError('forbidden', `cannot read image: ${what}`, { cause: err });
  if (/pixel limit/i.test(msg)) return new GlimpseError('too-large', `image is too large to decode: ${what}`, { cause: err });
  if (/compression format has not been built in|decoder plugin/i.test(msg)) {
    return new GlimpseError('unsupported', `this image's codec is not supported here (${firstLine(msg)}): ${what}`, { cause: err });
  }
  return new GlimpseError('corrupt', `cannot decode image (${firstLine(msg)}): ${what}`, { cause: err });
}

function firstLine(msg: string): string {
  const lines = msg.split('\n').filter((l) => l.trim());
  // libvips prefixes its own noise ("bad seek to ...") before the line that names the real problem.
  const line = lines.find((l) => /not been built in|unsupported|corrupt|premature|error/i.test(l)) ?? lines[0] ?? msg;
  return line.replace(/^.*?: (?=[A-Za-z]+:)/, '').slice(0, 160);
}

/** Width and height after EXIF orientation, from the header only. */
export async function orientedSize(input: ImageInput): Promise<{ width: number; height: number }> {
  if (typeof input !== 'string' && input.length === 0) throw new GlimpseError('corrupt', 'cannot decode image: the buffer is empty');
  try {
    const meta = await sharp(input, DECODE_OPTIONS).metadata();
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    if (!width || !height) throw new Error('image has no dimensions');
    return { width, height };
  } catch (err) {
    throw imageError(input, err);
  }
}

async function decode(input: ImageInput, resize: ResizeOptions | null): Promise<RawImage> {
  try {
    let pipeline = sharp(input, DECODE_OPTIONS).rotate();
    if (resize) pipeline = pipeline.resize(resize);
    const { data, info } = await pipeline.flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: info.channels };
  } catch (err) {
    throw imageError(input, err);
  }
}

/** Decodes and stretches to exactly width x height (the detector's multiple-of-32 size). */
export function decodeResized(input: ImageInput, width: number, height: number): Promise<RawImage> {
  return decode(input, { width, height, fit: 'fill', kernel: 'lanczos3' });
}

/** Decodes at full resolution times `scale`, shrunk if needed so the longer side is at most maxSide. */
export function decodeUpTo(input: ImageInput, size: { width: number; height: number }, maxSide: number, scale = 1): Promise<RawImage> {
  const s = Math.min(scale, maxSide / Math.max(size.width, size.height));
  if (s === 1) return decode(input, null);
  const width = Math.max(1, Math.round(size.width * s));
  const height = Math.max(1, Math.round(size.height * s));
  return decode(input, { width, height, fit: 'fill', kernel: 'lanczos3' });
}
