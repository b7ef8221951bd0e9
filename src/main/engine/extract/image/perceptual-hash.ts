// dHash: a 256-bit perceptual hash (17x16 grey thumbnail, one bit per horizontal gradient sign).
// Copies that were resized, re-encoded or slightly cropped keep most bits; unrelated photos differ
// in about half. Measured on caltech101-5pc (bench in test/integration/search): resized+re-encoded
// copies are within 48-61 bits of their original, 3%-cropped ones within 50 bits for 90% of images,
// and the original is always the closest hash; the 64-bit variant confused look-alike product
// shots (objects on white), hence 256 bits. Used to put near-duplicates first in "find similar".
import { DECODE_SHORT_SIDE, decodedOnce, openImageSource, type ImageSource } from './image-source';

const W = 16;
const H = 16;
export const DHASH_BITS = W * H;
const WORDS = DHASH_BITS / 32;

/** Hash of an image: decoded once into memory (big photos at reduced size), then plain JS. */
export async function dhash(input: string | Buffer | ImageSource): Promise<string> {
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? await openImageSource(input) : input;
  const raw = source.raw ?? (await decodedOnce(source, DECODE_SHORT_SIDE)).raw!;
  return dhashOfPixels(raw.data, raw.width, raw.height, raw.channels);
}

/** Grey (Rec. 709 luma) box averages over a 17x16 grid, then one bit per horizontal gradient sign. */
export function dhashOfPixels(data: Uint8Array, width: number, height: number, channels: number): string {
  const cells = new Float64Array((W + 1) * H);
  for (let cy = 0; cy < H; cy++) {
    const y0 = Math.floor((cy * height) / H);
    const y1 = Math.max(y0 + 1, Math.floor(((cy + 1) * height) / H));
    for (let cx = 0; cx <= W; cx++) {
      const x0 = Math.floor((cx * width) / (W + 1));
      const x1 = Math.max(x0 + 1, Math.floor(((cx + 1) * width) / (W + 1)));
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        let i = (y * width + x0) * channels;
        for (let x = x0; x < x1; x++, i += channels) {
          sum += channels >= 3 ? 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]! : data[i]!;
        }
      }
      cells[cy * (W + 1) + cx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  const words = new Uint32Array(WORDS);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (cells[y * (W + 1) + x]! < cells[y * (W + 1) + x + 1]!) {
        const i = y * W + x;
        words[i >>> 5] = (words[i >>> 5]! | (1 << (31 - (i & 31)))) >>> 0;
      }
    }
  }
  return Array.from(words, (w) => w.toString(16).padStart(8, '0')).join('');
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between hash `a` and the hash stored at word offset `off` of `b`. */
export function hammingDistance(a: Uint32Array, b: Uint32Array, off = 0): number {
  let d = 0;
  for (let i = 0; i < WORDS; i++) d += popcount32((a[i]! ^ b[off + i]!) >>> 0);
  return d;
}

export function parseDhash(hex: string): Uint32Array {
  const words = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) words[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return words;
}

export const DHASH_WORDS = WORDS;
