// Pause takes effect within the work already started (jobs not yet started go back to the queue),
// and resume finishes the rest.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir } from '../../helpers/paths';
import { openTestEngine, waitFor } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

let t: Awaited<ReturnType<typeof openTestEngine>>;
beforeAll(async () => {
  t = await openTestEngine({ batchSize: 16 });
});
afterAll(async () => t.cleanup());

describe('pause and resume', () => {
  it('stops promptly, keeps the queue, and resumes to completion', async () => {
    await t.engine.foldersAdd({ path: join(evalDir, 'caltech101-5pc') });
    await waitFor(async () => (await t.engine.status()).files.indexed >= 20, 60_000, 20);
    await t.engine.pause();
    await new Promise((r) => setTimeout(r, 1000)); // let the work in flight land
    const atPause = (await t.engine.status()).files.indexed;
    await new Promise((r) => setTimeout(r, 1500));
    const status = await t.engine.status();
    expect(status.progress.paused).toBe(true);
    expect(status.files.indexed).toBe(atPause); // nothing moves while paused
    expect(status.files.indexed).toBeLessThan(500);
    expect(internals(t.engine).catalog.jobs.counts().running).toBe(0); // unstarted jobs were handed back
    await t.engine.resume();
    await waitFor(async () => (await t.engine.status()).files.indexed === 501, 120_000, 50);
    expect(internals(t.engine).catalog.jobs.counts().pending).toBe(0);
  });
});
