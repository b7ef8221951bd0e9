// The worker kit (util/worker-pool.ts + worker-host.ts) that every engine worker uses, on a real
// worker thread: ids matched out of order, errors with their kind, a timeout replacing the worker,
// a crash failing only its own request (or, with restart off, every later one), init failure,
// and a close that lets requests in flight finish while queued ones are cancelled.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool, type WorkerPoolOptions } from '../../../src/main/engine/util/worker-pool';
import type { ProbeInit, ProbeReply, ProbeRequest } from './fixtures/probe-worker';

const url = new URL('./fixtures/probe-worker.ts', import.meta.url);
type Pool = WorkerPool<ProbeInit, { threadId: number }, ProbeRequest, ProbeReply>;
const pools: Pool[] = [];
async function open(opts: Partial<WorkerPoolOptions<ProbeInit>> = {}, init: ProbeInit = {}, start = 1): Promise<Pool> {
  const pool = await WorkerPool.open<ProbeInit, { threadId: number }, ProbeRequest, ProbeReply>({ name: 'the probe', url, init, ...opts }, start);
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('worker pool', () => {
  it('matches answers to requests by id, out of order, and carries transfers', async () => {
    const pool = await open({ perWorker: Infinity });
    const slow = pool.request({ op: 'echo', value: 'slow', delayMs: 300 });
    const fast = pool.request({ op: 'echo', value: 'fast' });
    const order: string[] = [];
    await Promise.all([slow.then((r) => order.push((r as { value: string }).value)), fast.then((r) => order.push((r as { value: string }).value))]);
    expect(order).toEqual(['fast', 'slow']);
    const big = (await pool.request({ op: 'buffer', size: 1 << 20 })) as { bytes: Uint8Array };
    expect(big.bytes.byteLength).toBe(1 << 20);
    expect(big.bytes[12345]).toBe(7);
    expect(pool.info.threadId).toBeGreaterThan(0);
  }, 30_000);

  it("a handler's error arrives with its kind; the worker keeps serving", async () => {
    const pool = await open();
    await expect(pool.request({ op: 'fail' })).rejects.toMatchObject({ kind: 'corrupt', message: 'the probe says no' });
    expect(await pool.request({ op: 'echo', value: 'still here' })).toMatchObject({ value: 'still here' });
  }, 30_000);

  it('a request over its time limit fails with timeout, and the next one gets a fresh worker', async () => {
    const pool = await open({ timeoutMs: 300, timeoutMessage: (s) => `gave up after ${s} s` });
    const first = pool.info.threadId;
    await expect(pool.request({ op: 'hang' })).rejects.toMatchObject({ kind: 'timeout', message: 'gave up after 0.3 s' });
    const next = (await pool.request({ op: 'echo', value: 'x' }, { timeoutMs: 20_000 })) as { threadId: number };
    expect(next.threadId).not.toBe(first);
  }, 30_000);

  it('a crash fails only its own request and the worker is replaced; with restart off every later request fails', async () => {
    const pool = await open({ crashError: (e) => Object.assign(new Error(`mapped: ${e.message}`), { kind: 'too-large' }) as never });
    await expect(pool.request({ op: 'die' })).rejects.toMatchObject({ message: 'mapped: probe crashed' });
    expect(await pool.request({ op: 'echo', value: 'again' })).toMatchObject({ value: 'again' });

    const once = await open({ restart: false });
    await expect(once.request({ op: 'die' })).rejects.toThrow(/probe crashed/);
    await expect(once.request({ op: 'echo', value: 'no' })).rejects.toThrow(/probe crashed/);
  }, 30_000);

  it('an init failure rejects open with its kind and leaves no worker running', async () => {
    await expect(open({}, { failInit: true })).rejects.toMatchObject({ kind: 'model-invalid', message: 'the probe cannot start' });
    const lazy = await open({}, { failInit: true }, 0);
    await expect(lazy.request({ op: 'echo', value: 'x' })).rejects.toMatchObject({ kind: 'model-invalid' });
    await expect(lazy.request({ op: 'echo', value: 'y' })).rejects.toMatchObject({ kind: 'model-invalid' });
  }, 30_000);

  it('runs up to `size` workers at once, started on demand', async () => {
    const pool = await open({ size: 2 }, {}, 0);
    const replies = (await Promise.all(['a', 'b', 'c', 'd'].map((value) => pool.request({ op: 'echo', value, delayMs: 200 })))) as { threadId: number }[];
    expect(new Set(replies.map((r) => r.threadId)).size).toBe(2);
  }, 30_000);

  it('close lets a request in flight finish, cancels the queued ones and refuses later ones', async () => {
    const pool = await open({}, { closeDelayMs: 50 });
    const running = pool.request({ op: 'echo', value: 'finishes', delayMs: 300 });
    const queued = pool.request({ op: 'echo', value: 'never' });
    await new Promise((r) => setTimeout(r, 50));
    const closing = pool.close();
    await expect(queued).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await running).toMatchObject({ value: 'finishes' });
    await closing;
    await expect(pool.request({ op: 'echo', value: 'late' })).rejects.toMatchObject({ kind: 'cancelled' });
  }, 30_000);
});
