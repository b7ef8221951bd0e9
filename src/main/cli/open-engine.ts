// Opens the engine for a CLI command and always closes it (indexes saved, SQLite closed, lock
// released). Commands that only read (search, status, ...) open the library beside its owner
// without the data dir lock; the others take it, waiting for a one-shot owner (another
// `glimpse index`) with one line on stderr, refused at once by a running serve/watch/app.
import { describeOwner, openEngine, type EngineHost, type EngineOptions } from '../engine';
import type { CliContext } from './context';

const READERS = new Set(['status', 'search', 'similar', 'related', 'explain', 'embed', 'ocr']);

export function isReadOnlyCommand(ctx: CliContext): boolean {
  if (!ctx.command) return false;
  if (READERS.has(ctx.command)) return true;
  return (ctx.command === 'folders' || ctx.command === 'models') && (ctx.sub === 'list' || ctx.sub === undefined);
}

export async function withEngine<T>(ctx: CliContext, fn: (engine: EngineHost) => Promise<T>, opts: Partial<EngineOptions> = {}): Promise<T> {
  const engine = await openEngine({ dataDir: ctx.dataDir, lock: lockRequest(ctx, opts.watch ?? false), ...opts });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

export function lockRequest(ctx: CliContext, longRunning: boolean): EngineOptions['lock'] {
  return {
    command: `glimpse ${ctx.command ?? ''}`.trim(),
    longRunning: longRunning || ctx.command === 'watch',
    readOnly: isReadOnlyCommand(ctx),
    onWait: (owner) => process.stderr.write(`glimpse: waiting for ${describeOwner(owner)}, which is using ${ctx.dataDir}...\n`),
  };
}
