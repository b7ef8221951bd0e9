// The visual model in a worker thread gives the same embeddings as in the calling thread, from
// float tensors and from RGB squares (shared-memory slots reused batch after batch).
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { rgbToTensor } from '../../../src/main/engine/models/rgb-tensor';
import { openWorkerRunner } from '../../../src/main/engine/models/visual-runner';
import { tempDir, tinyPackDir } from '../../helpers/paths';

const pack = loadPack(tinyPackDir);
const S = pack.preprocess.size;
const open: ClipEmbedder[] = [];
afterAll(async () => Promise.all(open.map((e) => e.close())));

async function embedders(imageBatch: number): Promise<{ inThread: ClipEmbedder; inWorker: ClipEmbedder }> {
  const inThread = await ClipEmbedder.open(pack, { providers: ['cpu'], imageBatch });
  const inWorker = await ClipEmbedder.open(pack, { providers: ['cpu'], visualInWorker: true, imageBatch });
  open.push(inThread, inWorker);
  return { inThread, inWorker };
}

/** Distinct pseudo-random RGB squares. */
function squares(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, k) => Uint8Array.from({ length: S * S * 3 }, (_, i) => (i * 7 + k * 131 + ((i * k) % 61)) & 255));
}

describe('visual runner', () => {
  it('worker and in-thread runners agree, and batches survive the transfer', async () => {
    const { inThread, inWorker } = await embedders(3);
    const tensors = Array.from({ length: 7 }, (_, k) => Float32Array.from({ length: 3 * S * S }, (_, i) => Math.sin(i * 0.001 * (k + 1))));
    const a = await inThread.embedImageTensors(tensors);
    const b = await inWorker.embedImageTensors(tensors);
    expect(b.length).toBe(7);
    for (let i = 0; i < 7; i++) expect(cosine(a[i]!, b[i]!)).toBeGreaterThan(0.99999);
    expect(tensors[0]!.length).toBe(3 * S * S); // callers' tensors are not detached by the transfer
  });

  it('RGB squares give the embeddings of their float tensors, in both runners, across reused slots', async () => {
    const { inThread, inWorker } = await embedders(4);
    const rgbs = squares(10); // batches of 4, 4, 2: the partial batch reuses a full slot
    const viaTensors = await inThread.embedImageTensors(rgbs.map((rgb) => rgbToTensor(rgb, S, pack.preprocess)));
    // Concurrent calls take different slots; a later call reuses them.
    const [first, second] = await Promise.all([inWorker.embedRgbBatch(rgbs.slice(0, 6)), inWorker.embedRgbBatch(rgbs.slice(6))]);
    const again = await inWorker.embedRgbBatch(rgbs.slice(0, 5).reverse());
    const inThreadRgb = await inThread.embedRgbBatch(rgbs);
    const worker = [...first!, ...second!];
    for (let i = 0; i < 10; i++) {
      expect(cosine(worker[i]!, viaTensors[i]!)).toBeGreaterThan(0.99999);
      expect(cosine(inThreadRgb[i]!, viaTensors[i]!)).toBeGreaterThan(0.99999);
    }
    for (let i = 0; i < 5; i++) expect(cosine(again[i]!, viaTensors[4 - i]!)).toBeGreaterThan(0.99999);
    // Distinct images stay distinct (a slot read before it was filled would repeat one image).
    expect(cosine(worker[0]!, worker[1]!)).toBeLessThan(0.9999);
  });

  it('rejects an RGB square of the wrong size, and the runner keeps working', async () => {
    const { inWorker } = await embedders(4);
    await expect(inWorker.embedRgbBatch([new Uint8Array(10)])).rejects.toThrow(/expected/);
    expect((await inWorker.embedRgbBatch(squares(2))).length).toBe(2);
  });

  it('close lets the batch in flight finish, then the worker releases its session and exits; later calls fail as cancelled', async () => {
    const runner = await openWorkerRunner({ modelPath: pack.visualModelPath, size: S, normalisation: pack.preprocess, batch: 4, providers: ['cpu'] });
    const inFlight = runner.runRgb(squares(4));
    const closing = runner.close();
    expect((await inFlight).length).toBe(4 * pack.embedDim);
    await closing;
    await expect(runner.runRgb(squares(1))).rejects.toMatchObject({ kind: 'cancelled' });
    await runner.close(); // twice is fine
  });

  it('loadVisual: the visual model loads while the embedder opens, and that runner is the one used', async () => {
    const early = await ClipEmbedder.open(pack, { providers: ['cpu'], visualInWorker: true, loadVisual: true, imageBatch: 4 });
    open.push(early);
    const loading = (early as unknown as { visualLoading: Promise<unknown> | null }).visualLoading;
    expect(loading).not.toBeNull(); // started by open, before anyone asked
    const runner = await early.visual();
    expect(early.visualReady).toBe(true);
    expect(await loading).toBe(runner);
    const inThread = await ClipEmbedder.open(pack, { providers: ['cpu'], imageBatch: 4 });
    open.push(inThread);
    expect((inThread as unknown as { visualLoading: unknown }).visualLoading).toBeNull(); // on first use only
    const rgbs = squares(3);
    const [a, b] = [await early.embedRgbBatch(rgbs), await inThread.embedRgbBatch(rgbs)];
    for (let i = 0; i < 3; i++) expect(cosine(a[i]!, b[i]!)).toBeGreaterThan(0.99999);
  });

  it('visualIdleMs: the visual model is released once unused that long (never during a call), and loads again on the next use', async () => {
    const e = await ClipEmbedder.open(pack, { providers: ['cpu'], visualInWorker: true, imageBatch: 4, visualIdleMs: 300 });
    open.push(e);
    const rgbs = squares(2);
    const first = await e.embedRgbBatch(rgbs);
    expect(e.visualReady).toBe(true);
    // A call in flight keeps the model: no release while it runs.
    const runner = await e.visual();
    const busy = e.embedRgbBatch(squares(8));
    expect(await e.releaseVisual()).toBe(false);
    await busy;
    expect(e.visualReady).toBe(true);
    expect(await e.visual()).toBe(runner);
    await new Promise((r) => setTimeout(r, 800));
    expect(e.visualReady).toBe(false);
    const again = await e.embedRgbBatch(rgbs);
    expect(e.visualReady).toBe(true);
    expect(await e.visual()).not.toBe(runner);
    for (let i = 0; i < 2; i++) expect(cosine(first[i]!, again[i]!)).toBeGreaterThan(0.99999);
  });

  it('loadVisual with a broken visual model: the embedder still opens (text works), visual() reports the failure each time it is asked', async () => {
    const dir = tempDir('glimpse-broken-visual-');
    try {
      cpSync(tinyPackDir, dir.path, { recursive: true });
      writeFileSync(join(dir.path, 'visual', 'model.onnx'), 'not an onnx model');
      const broken = await ClipEmbedder.open(loadPack(dir.path), { providers: ['cpu'], visualInWorker: true, loadVisual: true });
      try {
        expect((await broken.embedTexts(['a photo']))[0]!.length).toBe(pack.embedDim);
        await expect(broken.visual()).rejects.toMatchObject({ kind: 'model-invalid' });
        await expect(broken.visual()).rejects.toMatchObject({ kind: 'model-invalid' }); // tried again, not a stale promise
        expect(broken.visualReady).toBe(false);
      } finally {
        await broken.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
