// The visual model in a worker thread gives the same embeddings as in the calling thread.
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, cosine } from '../../../src/main/engine/models/embedder';
import { loadPack } from '../../../src/main/engine/models/pack';
import { tinyPackDir } from '../../helpers/paths';

const pack = loadPack(tinyPackDir);
const open: ClipEmbedder[] = [];
afterAll(async () => Promise.all(open.map((e) => e.close())));

describe('visual runner', () => {
  it('worker and in-thread runners agree, and batches survive the transfer', async () => {
    const inThread = await ClipEmbedder.open(pack, { providers: ['cpu'] });
    const inWorker = await ClipEmbedder.open(pack, { providers: ['cpu'], visualInWorker: true, imageBatch: 3 });
    open.push(inThread, inWorker);
    const S = pack.preprocess.size;
    const tensors = Array.from({ length: 7 }, (_, k) => Float32Array.from({ length: 3 * S * S }, (_, i) => Math.sin(i * 0.001 * (k + 1))));
    const a = await inThread.embedImageTensors(tensors);
    const b = await inWorker.embedImageTensors(tensors);
    expect(b.length).toBe(7);
    for (let i = 0; i < 7; i++) expect(cosine(a[i]!, b[i]!)).toBeGreaterThan(0.99999);
    expect(tensors[0]!.length).toBe(3 * S * S); // callers' tensors are not detached by the transfer
  });
});
