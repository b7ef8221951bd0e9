#!/usr/bin/env node
// The `glimpse` command: runs the headless engine CLI (src/main/cli.ts) through tsx, so it works
// straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

// `glimpse ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// onnxruntime's telemetry stays off in every process we start (see src/main/engine/util/ort-telemetry-off.ts).
process.env.ORT_DISABLE_TELEMETRY ??= '1';
// Arguments are bounded before any native library loads: a 30 KB query used to crash
// onnxruntime's session creation (deep recursion, SIGSEGV) instead of meeting the query limit.
const MAX_ARG_CHARS = 4096;
const MAX_ARGV_CHARS = 16384;
const args = process.argv.slice(2);
const longest = args.reduce((m, a) => Math.max(m, a.length), 0);
const total = args.reduce((n, a) => n + a.length, 0);
if (longest > MAX_ARG_CHARS || total > MAX_ARGV_CHARS) {
  process.stderr.write(
    `glimpse: ${longest > MAX_ARG_CHARS ? `an argument is ${longest} characters long; the limit is ${MAX_ARG_CHARS}` : `the arguments are ${total} characters long; the limit is ${MAX_ARGV_CHARS}`} (a search query may have up to 2000)\n`,
  );
  process.exit(2);
}
register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { main } = await import(pathToFileURL(join(root, 'src', 'main', 'cli.ts')).href);
const code = await main(args);
process.exitCode = code;
// A failed command leaves nothing worth waiting for (a watcher or timer must not keep it alive).
if (code !== 0) process.exit(code);
