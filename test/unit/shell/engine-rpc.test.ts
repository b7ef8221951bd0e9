// The main <-> engine utility process protocol over a real MessageChannel (the same structured
// clone a UtilityProcess uses): calls, error kinds, events, timeouts and a dead process.
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { announceReady, engineClient, serveEngine, type MessagePortLike } from '../../../src/main/engine-rpc';
import { GlimpseError } from '../../../src/shared/errors';
import { stubEngine } from '../server/stub-engine';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function wrapPort(p: MessagePort): MessagePortLike {
  ports.push(p);
  return {
    post: (m) => p.postMessage(m),
    onMessage: (l) => {
      p.on('message', l);
      return () => p.off('message', l);
    },
  };
}

function pair() {
  const { port1, port2 } = new MessageChannel();
  return { main: wrapPort(port1), child: wrapPort(port2) };
}

describe('engine rpc', () => {
  it('forwards calls, results, error kinds and events', async () => {
    const { main, child } = pair();
    const engine = stubEngine({
      search: (i) => ({ results: [], total: 0, belowCutoff: 0, page: 0, tookMs: 1, echo: i }),
      pause: () => {
        throw new GlimpseError('cancelled', 'already paused');
      },
      resolveMedia: (kind, id) => ({ path: `/cache/${kind}/${id}.webp`, mime: 'image/webp' }),
    });
    serveEngine(engine, child);
    announceReady(child);
    const client = engineClient(main);
    await client.ready;
    expect(await client.search({ query: 'dog' })).toMatchObject({ echo: { query: 'dog' } });
    await expect(client.pause({})).rejects.toMatchObject({ name: 'GlimpseError', kind: 'cancelled', message: 'already paused' });
    expect(await client.resolveMedia('thumbnail', 5)).toEqual({ path: '/cache/thumbnail/5.webp', mime: 'image/webp' });

    const got: unknown[] = [];
    const off = client.on('progress', (p) => got.push(p));
    const progress = { queued: 1, done: 2, failed: 0, ratePerSec: 3, etaSeconds: 1, paused: false, current: null };
    engine.emit('progress', progress);
    engine.emit('fileError', { path: '/a.jpg', kind: 'corrupt', message: 'bad' });
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([progress]);
    off();
    engine.emit('progress', progress);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toHaveLength(1);
  });

  it('reports a failed start and fails calls once the process is gone', async () => {
    const { main, child } = pair();
    announceReady(child, new GlimpseError('model-invalid', 'bad pack'));
    const client = engineClient(main);
    await expect(client.ready).rejects.toMatchObject({ kind: 'model-invalid' });

    const { main: m2 } = pair();
    const c2 = engineClient(m2);
    const pending = c2.status({});
    c2.fail(new GlimpseError('internal', 'the Glimpse engine stopped'));
    await expect(pending).rejects.toMatchObject({ kind: 'internal' });
    await expect(c2.foldersList({})).rejects.toMatchObject({ message: 'the Glimpse engine stopped' });
  });

  it('times out plain calls that get no answer', async () => {
    const { main } = pair();
    const client = engineClient(main, { timeoutMs: 50 });
    await expect(client.status({})).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('answers unknown methods (and the CLI-only local calls) with not-found instead of calling anything', async () => {
    const { main, child } = pair();
    const engine = stubEngine();
    serveEngine(engine, child);
    const answer = new Promise((resolve) => main.onMessage(resolve));
    main.post({ t: 'req', id: 9, body: { method: 'close', input: {} } });
    expect(await answer).toMatchObject({ t: 'err', id: 9, error: { kind: 'not-found' } });
    const local = new Promise((resolve) => main.onMessage((m) => (m as { id?: number }).id === 10 && resolve(m)));
    main.post({ t: 'req', id: 10, body: { method: 'ocr', input: { path: '/etc/passwd' } } });
    expect(await local).toMatchObject({ t: 'err', id: 10, error: { kind: 'not-found' } });
    expect(engine.calls).toEqual([]);
  });
});
