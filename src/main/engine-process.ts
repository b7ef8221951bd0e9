// Entry of the engine's Electron utility process: opens the Engine on the data dir given by the main
// process and answers its messages, so decoding, inference and SQLite never block the UI. Plain
// Node APIs only, besides Electron's process.parentPort.
import type { MessageEvent } from 'electron';
import { logger, openEngine, type EngineHost } from './engine';
import { announceReady, serveEngine, type MessagePortLike } from './engine-rpc';

const log = logger('engine-process');

function parentPortLike(): MessagePortLike {
  const parent = process.parentPort;
  return {
    post: (message) => parent.postMessage(message),
    onMessage: (listener) => {
      const h = (e: MessageEvent) => listener(e.data);
      parent.on('message', h);
      return () => parent.off('message', h);
    },
  };
}

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith('--data-dir='));
  const dataDir = arg?.slice('--data-dir='.length);
  const port = parentPortLike();
  if (!dataDir) {
    announceReady(port, new Error('engine process started without --data-dir'));
    return;
  }
  let engine: EngineHost;
  try {
    engine = await openEngine({ dataDir, watch: true, indexing: true, lock: { command: 'the Glimpse app', longRunning: true } });
  } catch (err) {
    log.error('could not open the engine', err);
    announceReady(port, err);
    return;
  }
  serveEngine(engine, port);
  announceReady(port);
  await engine.startIndexing({ scan: true }).catch((err: unknown) => log.error('background indexing failed to start', err));
  const shutdown = async () => {
    await engine.close().catch((err: unknown) => log.error('close failed', err));
    process.exit(0);
  };
  process.parentPort.on('message', (e: MessageEvent) => {
    if ((e.data as { t?: string } | null)?.t === 'shutdown') void shutdown();
  });
}

void main();
