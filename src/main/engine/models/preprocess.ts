// Image -> model input tensor, reproducing Immich's transform: EXIF orientation applied, RGB,
// resize (shortest side to `size` with Immich's truncating geometry then centre crop, or squash,
// or longest side + pad), /255, normalise with the pack's mean/std, CHW float32. Decoding is
// sharp's, once per image (big photos shrink-on-load to DECODE_SHORT_SIDE, as indexing does, so a
// query photo gets the vector its indexed copy got); the resize is Pillow's, bit for bit
// (pil-resample.ts), since the packs' reference pixels are PIL's. 'longest' and 'nearest' use libvips.
import type { KernelEnum } from 'sharp';
import { decodedOnce, decodeError, DECODE_SHORT_SIDE, openImageSource, type ImageSource } from '../extract/image';
import type { Interpolation, PreprocessConfig } from './pack';
import { pilExact, pilResizeWindow } from './pil-resample';
import { rgbToTensor } from './rgb-tensor';

export interface ImageGeometry {
  /** Size of the image after EXIF orientation. */
  origWidth: number;
  origHeight: number;
  /** Size the oriented image was resized to before cropping/padding. */
  resizedWidth: number;
  resizedHeight: number;
  /** Offset of the model square inside the resized image (negative = padding in 'longest' mode). */
  cropLeft: number;
  cropTop: number;
  size: number;
}

export interface PreprocessedImage {
  tensor: Float32Array;
  geometry: ImageGeometry;
}

const kernels: Record<Interpolation, keyof KernelEnum> = {
  bicubic: 'cubic',
  bilinear: 'linear',
  nearest: 'nearest',
  lanczos: 'lanczos3',
};

/** Oriented size of an image, from its header only (no full decode except for HEIC). */
export async function orientedSize(input: string | Buffer): Promise<{ width: number; height: number; format: string | undefined }> {
  const src = await openImageSource(input);
  return { width: src.width, height: src.height, format: src.format };
}

export function planGeometry(origWidth: number, origHeight: number, cfg: PreprocessConfig): ImageGeometry {
  const size = cfg.size;
  let resizedWidth: number;
  let resizedHeight: number;
  if (cfg.resizeMode === 'squash') {
    resizedWidth = size;
    resizedHeight = size;
  } else if (cfg.resizeMode === 'shortest') {
    // Immich's geometry (immich_ml transforms.resize_pil): short side = size, long side
    // int((long / short) * size) computed in float64 and truncated, e.g. 305x280 -> 243x224 (not 244).
    if (origWidth < origHeight) {
      resizedWidth = size;
      resizedHeight = Math.max(size, Math.trunc((origHeight / origWidth) * size));
    } else {
      resizedHeight = size;
      resizedWidth = Math.max(size, Math.trunc((origWidth / origHeight) * size));
    }
  } else {
    const scale = size / Math.max(origWidth, origHeight);
    resizedWidth = Math.max(1, Math.round(origWidth * scale));
    resizedHeight = Math.max(1, Math.round(origHeight * scale));
  }
  // Immich's centre crop: int(W / 2 - size / 2), truncated.
  const cropLeft = Math.trunc(resizedWidth / 2 - size / 2);
  const cropTop = Math.trunc(resizedHeight / 2 - size / 2);
  return { origWidth, origHeight, resizedWidth, resizedHeight, cropLeft, cropTop, size };
}

/** The decoded pixels of a source as packed 8-bit RGB (alpha dropped, grey replicated, as PIL's convert('RGB')). */
async function rgbPixels(source: ImageSource): Promise<{ data: Uint8Array; width: number; height: number }> {
  const raw = source.raw;
  if (raw && raw.channels === 3) return { data: raw.data, width: raw.width, height: raw.height };
  const { data, info } = await source.open().removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`unexpected decoded channels ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

/**
 * The model-sized RGB square of an image (EXIF-oriented), plus its geometry.
 * `input` is a path, an encoded image buffer, or an already opened ImageSource.
 */
export async function modelSquareRgb(input: string | Buffer | ImageSource, cfg: PreprocessConfig): Promise<{ rgb: Uint8Array; geometry: ImageGeometry }> {
  const opened = typeof input === 'string' || Buffer.isBuffer(input) ? await openImageSource(input) : input;
  const source = opened.raw ? opened : await decodedOnce(opened, Math.max(DECODE_SHORT_SIDE, 3 * cfg.size));
  // Planned on the pixels that are resampled (as indexing does, so both get the same square);
  // origWidth/origHeight stay the oriented image's own size, which explanations map back to.
  const geometry = { ...planGeometry(source.width, source.height, cfg), origWidth: opened.width, origHeight: opened.height };
  const raw = source.raw;
  if (raw && raw.channels === 3 && raw.width === cfg.size && raw.height === cfg.size && geometry.resizedWidth === cfg.size && geometry.resizedHeight === cfg.size) {
    // Already decoded at exactly the model size: no resize, no crop, no pad, so the pixels are the square.
    return { rgb: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), geometry };
  }
  try {
    if (cfg.resizeMode !== 'longest' && pilExact(cfg.interpolation)) {
      const pixels = await rgbPixels(source);
      const window = { left: geometry.cropLeft, top: geometry.cropTop, width: geometry.size, height: geometry.size };
      return { rgb: pilResizeWindow(pixels, geometry.resizedWidth, geometry.resizedHeight, window, cfg.interpolation), geometry };
    }
    return { rgb: await libvipsSquare(source, geometry, cfg), geometry };
  } catch (err) {
    throw decodeError('decode image', err);
  }
}

/** The square by libvips: 'longest' (pad) mode and interpolations Pillow parity does not cover. */
async function libvipsSquare(source: ImageSource, geometry: ImageGeometry, cfg: PreprocessConfig): Promise<Uint8Array> {
  let pipeline = source.open().resize(geometry.resizedWidth, geometry.resizedHeight, { fit: 'fill', kernel: kernels[cfg.interpolation] });
  if (cfg.resizeMode === 'longest') {
    const padX = geometry.size - geometry.resizedWidth;
    const padY = geometry.size - geometry.resizedHeight;
    const left = Math.floor(padX / 2);
    const top = Math.floor(padY / 2);
    geometry.cropLeft = -left;
    geometry.cropTop = -top;
    const c = cfg.fillColor;
    pipeline = pipeline.extend({ left, top, right: padX - left, bottom: padY - top, background: { r: c, g: c, b: c, alpha: 1 } });
  } else if (cfg.resizeMode === 'shortest') {
    pipeline = pipeline.extract({ left: geometry.cropLeft, top: geometry.cropTop, width: geometry.size, height: geometry.size });
  }
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.width !== geometry.size || info.height !== geometry.size || info.channels !== 3) {
    throw new Error(`unexpected decoded shape ${info.width}x${info.height}x${info.channels}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export async function preprocessImage(input: string | Buffer, cfg: PreprocessConfig): Promise<PreprocessedImage> {
  const { rgb, geometry } = await modelSquareRgb(input, cfg);
  return { tensor: rgbToTensor(rgb, cfg.size, cfg), geometry };
}
