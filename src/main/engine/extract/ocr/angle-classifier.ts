// Optional 180-degree check with PaddleOCR's direction classifier (mobile v2 cls): each horizontal
// box is sampled at 48x192 and turned around when the model is confident it is upside down. Off by
// default: EXIF orientation already fixes whole photos, and upside-down lines within a page are rare.
import * as ort from 'onnxruntime-node';
import { sampleQuadInto, type RawImage } from './crop';
import { quadHeight, quadWidth, readUpsideDown, type Quad } from './quad';

const HEIGHT = 48;
const WIDTH = 192;
const BATCH = 16;
// PaddleOCR's cls_thresh: only confident "180" answers flip a box.
const FLIP_CONFIDENCE = 0.9;

/** Returns the boxes with upside-down ones turned around (tall boxes are left to the recognizer). */
export async function fixUpsideDown(session: ort.InferenceSession, img: RawImage, quads: readonly Quad[]): Promise<Quad[]> {
  const out = [...quads];
  const horizontal = quads.map((q, i) => ({ q, i })).filter(({ q }) => quadHeight(q) < 1.5 * quadWidth(q));
  for (let start = 0; start < horizontal.length; start += BATCH) {
    const batch = horizontal.slice(start, start + BATCH);
    const tensor = new Float32Array(batch.length * 3 * HEIGHT * WIDTH);
    batch.forEach(({ q }, index) => {
      const width = Math.min(WIDTH, Math.max(8, Math.round((HEIGHT * quadWidth(q)) / Math.max(quadHeight(q), 1e-6))));
      sampleQuadInto(img, q, width, { tensor, index, height: HEIGHT, width: WIDTH });
    });
    const outputs = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', tensor, [batch.length, 3, HEIGHT, WIDTH]) });
    const probs = outputs[session.outputNames[0]!]?.data as Float32Array | undefined;
    if (!probs) throw new Error('direction classifier returned no output');
    batch.forEach(({ q, i }, k) => {
      if (probs[k * 2 + 1]! > FLIP_CONFIDENCE) out[i] = readUpsideDown(q);
    });
  }
  return out;
}
