/** Every `*-worker.ts` under src/main/engine, by output name (see worker-entries.mjs). */
export function workerEntries(root: string): Record<string, string>;
