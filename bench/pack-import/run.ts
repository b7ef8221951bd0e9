// Importing a model pack (`glimpse models import`): how long it takes, how long the engine's event
// loop stalls meanwhile, and what memory it leaves behind in the importing process 1 s later
// (resident, and ArrayBuffers still held by V8). Uses the real-size random pack
// (--pack, else GLIMPSE_BENCH_PACK / the default from bench/common.ts). Writes bench/results/pack-import.json.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PackStore } from '../../src/main/engine/models/pack-store';
import { tempDir } from '../../test/helpers/paths';
import { benchPackDir, writeResult } from '../common';

const { values } = parseArgs({ options: { pack: { type: 'string' } } });
const packDir = benchPackDir(values.pack);
const mb = (n: number): number => Math.round(n / 1e6);

const dir = tempDir('glimpse-bench-import-');
try {
  const store = new PackStore(join(dir.path, 'models'));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage().rss;
  loop.enable();
  const t0 = performance.now();
  await store.import(packDir, 'bench-pack');
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  await new Promise((r) => setTimeout(r, 1000));
  const m = process.memoryUsage();
  const result = {
    pack: packDir,
    seconds,
    loopDelayMaxMs: loop.max / 1e6,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    rssBeforeMB: mb(rssBefore),
    rssAfter1sMB: mb(m.rss),
    arrayBuffersAfter1sMB: mb(m.arrayBuffers),
  };
  console.log(
    `import ${seconds.toFixed(1)} s; event loop max stall ${result.loopDelayMaxMs.toFixed(0)} ms (p99 ${result.loopDelayP99Ms.toFixed(0)} ms); ` +
      `1 s later RSS ${result.rssAfter1sMB} MB (from ${result.rssBeforeMB}), ArrayBuffers ${result.arrayBuffersAfter1sMB} MB`,
  );
  writeResult('pack-import', result);
} finally {
  dir.cleanup();
}
