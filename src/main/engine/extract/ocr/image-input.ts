// Image decoding for OCR on top of the engine's shared image source (sharp/libvips, with libheif for
// HEIC photos; EXIF orientation applied). Transparency is flattened onto white (dark text on a
// transparent PNG must not become black on black). Detection decodes straight to its small size so
// JPEGs use shrink-on-load; full resolution is only decoded when there is text to read.
import { stat } from 'node:fs/promises';
import type { ResizeOptions } from 'sharp';
import { GlimpseError } from '../../../../shared/errors';
import { decodeError, openImageSource, type ImageSource } from '../image';
import type { RawImage } from './crop';

export type ImageInput = string | Buffer;
export type { ImageSource };

/** Opens an image (header only, or a full decode for HEIC) with errors as GlimpseErrors. */
export async function openOcrImage(input: ImageInput): Promise<ImageSource> {
  if (typeof input === 'string') {
    try {
      const s = await stat(input);
      if (!s.isFile()) throw new GlimpseError('bad-request', `not a file: ${input}`);
    } catch (err) {
      if (err instanceof GlimpseError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new GlimpseError('not-found', `image not found: ${input}`, { cause: err });
      if (code === 'EACCES' || code === 'EPERM') throw new GlimpseError('forbidden', `cannot read image: ${input}`, { cause: err });
      throw new GlimpseError('io', `cannot read image ${input}: ${(err as Error).message}`, { cause: err });
    }
  } else if (input.length === 0) {
    throw new GlimpseError('corrupt', 'cannot decode image: the buffer is empty');
  }
  try {
    return await openImageSource(input);
  } catch (err) {
    throw decodeError('read image', err);
  }
}

async function decode(src: ImageSource, resize: ResizeOptions | null): Promise<RawImage> {
  try {
    let pipeline = src.open();
    if (resize) pipeline = pipeline.resize(resize);
    const { data, info } = await pipeline.flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: info.channels };
  } catch (err) {
    throw decodeError('decode image', err);
  }
}

/** Decodes and stretches to exactly width x height (the detector's multiple-of-32 size). */
export function decodeResized(src: ImageSource, width: number, height: number): Promise<RawImage> {
  return decode(src, { width, height, fit: 'fill', kernel: 'lanczos3' });
}

/** Decodes at full resolution, shrunk if needed so the longer side is at most maxSide. */
export function decodeUpTo(src: ImageSource, maxSide: number): Promise<RawImage> {
  const s = Math.min(1, maxSide / Math.max(src.width, src.height));
  if (s === 1) return decode(src, null);
  const width = Math.max(1, Math.round(src.width * s));
  const height = Math.max(1, Math.round(src.height * s));
  return decode(src, { width, height, fit: 'fill', kernel: 'lanczos3' });
}
