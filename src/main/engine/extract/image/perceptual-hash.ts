// dHash: a 256-bit perceptual hash (17x16 grey thumbnail, one bit per horizontal gradient sign).
// Copies that were resized, re-encoded or slightly cropped keep most bits; unrelated photos differ
// in about half. Measured on caltech101-5pc (bench in test/integration/search): resized+re-encoded
// copies are within 48-61 bits of their original, 3%-cropped ones within 50 bits for 90% of images,
// and the original is always the closest hash; the 64-bit variant confused look-alike product
// shots (objects on white), hence 256 bits. Used to put near-duplicates first in "find similar".
import { decodeError, openImageSource, type ImageSource } from './image-source';

const W = 16;
const H = 16;
export const DHASH_BITS = W * H;
const WORDS = DHASH_BITS / 32;

export async function dhash(input: string | Buffer | ImageSource): Promise<string> {
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? await openImageSource(input) : input;
  let data: Buffer;
  try {
    data = await source.open().removeAlpha().greyscale().resize(W + 1, H, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
  } catch (err) {
    throw decodeError('hash image', err);
  }
  const words = new Uint32Array(WORDS);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (data[y * (W + 1) + x]! < data[y * (W + 1) + x + 1]!) {
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
