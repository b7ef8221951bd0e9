// Image -> model input tensor, with sharp, reproducing the open_clip/Immich transform: EXIF
// orientation applied, RGB, resize (shortest side to `size` then centre crop, or squash, or
// longest side + pad), /255, normalise with the pack's mean/std, CHW float32. sharp's resize is
// antialiased like PIL's and uses shrink-on-load for large JPEGs, so 12-MP photos decode fast.
import type { KernelEnum } from 'sharp';
import { decodeError, openImageSource, type ImageSource } from '../extract/image/image-source';
import type { Interpolation, PreprocessConfig } from './pack';
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

/**
 * The model-sized RGB square of an image (EXIF-oriented), plus its geometry.
 * `input` is a path, an encoded image buffer, or an already opened ImageSource.
 */
export async function modelSquareRgb(input: string | Buffer | ImageSource, cfg: PreprocessConfig): Promise<{ rgb: Uint8Array; geometry: ImageGeometry }> {
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? await openImageSource(input) : input;
  const geometry = planGeometry(source.width, source.height, cfg);
  const raw = source.raw;
  if (raw && raw.channels === 3 && raw.width === cfg.size && raw.height === cfg.size && geometry.resizedWidth === cfg.size && geometry.resizedHeight === cfg.size) {
    // Already decoded at exactly the model size: no resize, no crop, no pad, so the pixels are the
    // square (the libvips pipeline below would return the same bytes, for ~0.5 ms of CPU).
    return { rgb: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), geometry };
  }
  const kernel = kernels[cfg.interpolation];
  try {
    let pipeline = source
      .open()
      .resize(geometry.resizedWidth, geometry.resizedHeight, { fit: 'fill', kernel });
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
    return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), geometry };
  } catch (err) {
    throw decodeError('decode image', err);
  }
}

export async function preprocessImage(input: string | Buffer, cfg: PreprocessConfig): Promise<PreprocessedImage> {
  const { rgb, geometry } = await modelSquareRgb(input, cfg);
  return { tensor: rgbToTensor(rgb, cfg.size, cfg), geometry };
}
