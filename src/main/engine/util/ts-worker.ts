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
  // `execArgv: ['--import', 'tsx']` does not work on Node 20 (the worker's entry is loaded before the
  // loader hooks apply: ERR_UNKNOWN_FILE_EXTENSION), so a tiny eval'd bootstrap registers tsx inside
  // the worker and then imports the entry.
  const boot = new URL('./ts-worker-boot.mjs', import.meta.url).href;
  const code = `import(${JSON.stringify(boot)}).then((m) => m.start(${JSON.stringify(tsModuleUrl.href)}))`;
  return new Worker(code, { ...options, eval: true });
}
