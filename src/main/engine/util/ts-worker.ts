// Starts a worker_threads Worker from a module URL. From source (CLI via tsx, vitest) the module is
// a .ts file and the worker needs the tsx loader; in a bundled build the bundler emits a .js file
// next to the caller and no loader is needed.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function startWorker(tsModuleUrl: URL, options: WorkerOptions = {}): Worker {
  const tsPath = fileURLToPath(tsModuleUrl);
  const jsPath = tsPath.replace(/\.ts$/, '.js');
  if (tsPath.endsWith('.ts') && !existsSync(tsPath) && existsSync(jsPath)) {
    return new Worker(jsPath, options);
  }
  const execArgv = [...(options.execArgv ?? []), '--import', 'tsx'];
  return new Worker(tsPath, { ...options, execArgv });
}
