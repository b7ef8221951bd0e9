// Model-sized RGB squares (HWC uint8) to the model's normalised CHW float32 input. Kept apart from
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
