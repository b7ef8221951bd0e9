// Model-sized RGB squares (HWC uint8) to the model's normalised CHW float32 input and back. Kept apart from
// preprocess.ts (sharp) so the visual worker can normalise without loading libvips.
import type { PreprocessConfig } from './pack';

/** Normalisation constants of a pack: x * scale - shift per channel (= (x / 255 - mean) / std). */
export type Normalisation = Pick<PreprocessConfig, 'mean' | 'std'>;

/** HWC uint8 RGB (size x size) -> normalised CHW float32, into `out` when given. */
export function rgbToTensor(rgb: Uint8Array, size: number, cfg: Normalisation, out?: Float32Array): Float32Array {
  const plane = size * size;
  const tensor = out ?? new Float32Array(3 * plane);
  const [m0, m1, m2] = cfg.mean;
  const [s0, s1, s2] = cfg.std;
  const a0 = 1 / (255 * s0), a1 = 1 / (255 * s1), a2 = 1 / (255 * s2);
  const b0 = m0 / s0, b1 = m1 / s1, b2 = m2 / s2;
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    tensor[i] = rgb[j]! * a0 - b0;
    tensor[plane + i] = rgb[j + 1]! * a1 - b1;
    tensor[2 * plane + i] = rgb[j + 2]! * a2 - b2;
  }
  return tensor;
}

/**
 * The inverse: normalised CHW float32 -> HWC uint8 RGB (rounded, clamped), for graphs that take
 * raw RGB and normalise inside (uint8 packs) when the caller holds float tensors (explanations'
 * masked images). Exact for tensors made by rgbToTensor.
 */
export function tensorToRgb(tensor: Float32Array, size: number, cfg: Normalisation, out?: Uint8Array): Uint8Array {
  const plane = size * size;
  const rgb = out ?? new Uint8Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const s = 255 * cfg.std[c]!, m = 255 * cfg.mean[c]!;
    for (let i = 0, j = c; i < plane; i++, j += 3) {
      const v = Math.round(tensor[c * plane + i]! * s + m);
      rgb[j] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return rgb;
}
