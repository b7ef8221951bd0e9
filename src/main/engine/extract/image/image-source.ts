// One way to open any image we index: sharp/libvips for everything it decodes (with EXIF
// orientation applied), and libheif (WASM, via heic-decode) for HEIC/HEIF photos whose HEVC codec
// the prebuilt libvips does not include (patents). Callers get the oriented size and a factory for
// a fresh, already-rotated sharp pipeline, so decoding rules live in one place.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { GlimpseError } from '../../../../shared/errors';

const require = createRequire(import.meta.url);
const MAX_PIXELS = 1e9;

export interface ImageSource {
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  format: string;
  /** A new pipeline over the oriented image (call once per output). */
  open(): Sharp;
  /**
   * The EXIF block libvips found in the header: a Buffer, null when a JPEG/WebP has none (so EXIF
   * parsing can be skipped), undefined when unknown (other containers: parse the file).
   */
  exif?: Buffer | null;
  /** Decoded pixels, when the source was decoded into memory (see decodedOnce). */
  raw?: { data: Buffer; width: number; height: number; channels: number };
}

type HeicDecode = (opts: { buffer: Buffer }) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
let heicDecode: HeicDecode | null = null;

function isHeifCodecMissing(err: unknown): boolean {
  const m = (err as Error)?.message ?? '';
  return /heif|compression format has not been built in|bad seek/i.test(m);
}

async function decodeHeic(input: string | Buffer): Promise<ImageSource> {
  heicDecode ??= require('heic-decode') as HeicDecode;
  const buffer = typeof input === 'string' ? await readFile(input) : input;
  let img;
  try {
    img = await heicDecode({ buffer });
  } catch (err) {
    throw new GlimpseError('corrupt', `cannot decode HEIC/HEIF image: ${(err as Error).message ?? err}`);
  }
  const { width, height } = img;
  const data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  // libheif applies the container's rotation/mirroring itself: the pixels are already oriented.
  return { width, height, format: 'heif', open: () => sharp(data, { raw: { width, height, channels: 4 }, limitInputPixels: MAX_PIXELS }) };
}

export async function openImageSource(input: string | Buffer): Promise<ImageSource> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { failOn: 'none', limitInputPixels: MAX_PIXELS }).metadata();
  } catch (err) {
    if (isHeifCodecMissing(err)) return decodeHeic(input);
    const msg = (err as Error).message;
    if (/unsupported image format/i.test(msg)) throw new GlimpseError('unsupported', `image format not supported: ${msg}`);
    throw new GlimpseError('corrupt', `cannot read image: ${msg}`);
  }
  if (!meta.width || !meta.height) throw new GlimpseError('corrupt', 'image has no dimensions');
  if (meta.format === 'heif' && meta.compression === 'hevc') return decodeHeic(input);
  const swap = (meta.orientation ?? 1) >= 5;
  const exifKnown = meta.format === 'jpeg' || meta.format === 'webp';
  return {
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    format: meta.format ?? 'unknown',
    exif: meta.exif ?? (exifKnown ? null : undefined),
    open: () => sharp(input, { failOn: 'none', limitInputPixels: MAX_PIXELS }).rotate(),
  };
}

/** Wraps a libvips failure while producing an output as a GlimpseError('corrupt'). */
export function decodeError(what: string, err: unknown): GlimpseError {
  if (err instanceof GlimpseError) return err;
  return new GlimpseError('corrupt', `cannot ${what}: ${(err as Error).message}`);
}

/** Shorter side big photos are decoded to: at least 3x every output made from the copy (256 px thumbnail, 224 px model square). */
export const DECODE_SHORT_SIDE = 768;

/**
 * Decodes an image once into memory so the tensor, thumbnail and hash all resample that copy
 * instead of each decoding the file again. Large photos are decoded straight to a copy whose
 * shorter side is `shortSide` (JPEG shrink-on-load makes that cheap); smaller ones at full size.
 */
export async function decodedOnce(source: ImageSource, shortSide: number): Promise<ImageSource> {
  const big = Math.min(source.width, source.height) > shortSide * 1.5;
  let out: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    const pipeline = source.open();
    out = await (big ? pipeline.resize(shortSide, shortSide, { fit: 'outside', kernel: 'cubic' }) : pipeline).raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw decodeError('decode image', err);
  }
  const { data, info } = out;
  const channels = info.channels as 1 | 2 | 3 | 4;
  return {
    width: info.width,
    height: info.height,
    format: source.format,
    open: () => sharp(data, { raw: { width: info.width, height: info.height, channels } }),
    raw: { data, width: info.width, height: info.height, channels },
  };
}
