// Bootstrap for worker threads started from TypeScript source (see ts-worker.ts): registers the tsx
// loader inside the worker, then imports the real .ts entry. Plain .mjs so it needs no loader itself.
import { register } from 'tsx/esm/api';

export async function start(entryUrl) {
  register();
  await import(entryUrl);
}
