// `glimpse serve [--port N]`: the renderer and the API on 127.0.0.1 behind a random token
// (browser mode, or a headless box). Keeps indexing and watching while it runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asPlainIoError, openEngine } from '../engine';
import { startHttpServer } from '../server/http-server';
import { GlimpseError } from '../../shared/errors';
import { intOption, parse, printJson, type Command } from './context';
import { lockRequest } from './open-engine';

export const serveCommand: Command = async (args, ctx) => {
  const { values } = parse(args, { port: { type: 'string' }, 'static-dir': { type: 'string' }, 'no-index': { type: 'boolean' } }, false);
  const port = values.port === '0' ? 0 : intOption(values.port, '--port', 0);
  const staticDir = values['static-dir'] ?? fileURLToPath(new URL('../../../out/renderer', import.meta.url));
  if (!existsSync(staticDir)) throw new GlimpseError('not-found', `renderer build not found at ${staticDir}: run \`npm run build:renderer\` first`);
  const engine = await openEngine({ dataDir: ctx.dataDir, watch: true, indexing: !values['no-index'], lock: lockRequest(ctx, true) });
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    server = await startHttpServer({ engine, port, staticDir, token: process.env.GLIMPSE_TOKEN });
  } catch (err) {
    // Close the engine (watchers, lock) so the process exits non-zero instead of lingering.
    await engine.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new GlimpseError('io', `port ${port} on 127.0.0.1 is already in use: stop what uses it or pick another with --port`);
    throw asPlainIoError(err) ?? err;
  }
  if (ctx.json) printJson({ url: server.url, openUrl: server.openUrl, token: server.token, port: server.port });
  else process.stdout.write(`Glimpse is at ${server.openUrl}\n(127.0.0.1 only; the token in the link is required. Ctrl-C to stop.)\n`);
  if (!values['no-index']) await engine.startIndexing({ scan: true });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  await engine.close();
  return 0;
};
