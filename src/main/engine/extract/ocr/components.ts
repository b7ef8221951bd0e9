// Connected components of a binary mask (8-connectivity, like the contours PaddleOCR takes from the
// DB text map). One breadth-first flood fill per component; the queue doubles as the output, so each
// component's pixel indices end up contiguous in `pixels` and no per-component arrays are allocated.

export interface Components {
  /** Number of components; component k owns pixels[starts[k] .. starts[k + 1]). */
  count: number;
  /** Pixel indices (y * width + x), grouped by component. */
  pixels: Int32Array;
  /** count + 1 offsets into `pixels`. */
  starts: Int32Array;
  /** Per pixel: component number + 1, or 0 for background. */
  labels: Int32Array;
}

/** Labels the pixels where mask[i] != 0. */
export function labelComponents(mask: Uint8Array, width: number, height: number): Components {
  const n = width * height;
  if (mask.length < n) throw new RangeError(`mask has ${mask.length} pixels, expected ${n}`);
  const labels = new Int32Array(n);
  let foreground = 0;
  for (let i = 0; i < n; i++) if (mask[i]) foreground++;
  const pixels = new Int32Array(foreground);
  const starts: number[] = [0];
  let tail = 0;
  let label = 0;
  for (let seed = 0; seed < n; seed++) {
    if (!mask[seed] || labels[seed]) continue;
    label++;
    let head = tail;
    labels[seed] = label;
    pixels[tail++] = seed;
    while (head < tail) {
      const p = pixels[head++]!;
      const y = (p / width) | 0;
      const x = p - y * width;
      const y0 = y > 0 ? y - 1 : 0;
      const y1 = y < height - 1 ? y + 1 : y;
      const x0 = x > 0 ? x - 1 : 0;
      const x1 = x < width - 1 ? x + 1 : x;
      for (let yy = y0; yy <= y1; yy++) {
        const row = yy * width;
        for (let xx = x0; xx <= x1; xx++) {
          const q = row + xx;
          if (mask[q] && !labels[q]) {
            labels[q] = label;
            pixels[tail++] = q;
          }
        }
      }
    }
    starts.push(tail);
  }
  return { count: label, pixels, starts: Int32Array.from(starts), labels };
}

/** Thresholds a probability map into a 0/1 mask. */
export function thresholdMap(prob: Float32Array, threshold: number, out?: Uint8Array): Uint8Array {
  const mask = out && out.length >= prob.length ? out : new Uint8Array(prob.length);
  for (let i = 0; i < prob.length; i++) mask[i] = prob[i]! > threshold ? 1 : 0;
  return mask;
}
