import { defineConfig } from 'vitest/config';

// Latency tests (`*.perf.test.ts`) run after the others, one file at a time, so that a budget such
// as "< 10 ms p95" measures the code and not the ONNX test running beside it on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.perf.test.ts'],
    exclude: ['test/e2e/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
