// Starts the engine in an Electron utility process and returns an EngineHost that talks to it.
// If the process dies, pending and later calls fail with a clear error instead of hanging.
import { utilityProcess, type UtilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import { GlimpseError } from '../shared/errors';
import { engineClient, type EngineClient, type MessagePortLike } from './engine-rpc';

export function launchEngine(dataDir: string): { engine: EngineClient; child: UtilityProcess } {
  const entry = fileURLToPath(new URL('./engine-process.js', import.meta.url));
  const child = utilityProcess.fork(entry, [`--data-dir=${dataDir}`], { serviceName: 'Glimpse engine', stdio: 'inherit' });
  const port: MessagePortLike = {
    post: (m) => child.postMessage(m),
    onMessage: (listener) => {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
  };
  let exited = false;
  const engine = engineClient(port, {
    timeoutMs: 120_000,
    close: async () => {
      if (exited) return;
      child.postMessage({ t: 'shutdown' });
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill();
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  });
  child.once('exit', (code) => {
    exited = true;
    engine.fail(new GlimpseError('internal', `the Glimpse engine stopped (exit code ${code}); restart the app`));
  });
  return { engine, child };
}
