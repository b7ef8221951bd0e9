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
register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { main } = await import(pathToFileURL(join(root, 'src', 'main', 'cli.ts')).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
