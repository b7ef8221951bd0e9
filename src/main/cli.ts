// `glimpse` headless CLI: the same engine as the desktop app. Global options: --data-dir DIR
// (else GLIMPSE_DATA_DIR, else the OS app-data folder), --json for machine output, --help.
// Errors: non-zero exit and one clear line on stderr.
import { GlimpseError, toErrorBody } from '../shared/errors';
import { commands, usage } from './cli/commands';
import { CliUsageError, type CliContext } from './cli/context';
import { asPlainIoError, defaultDataDir } from './engine';

function extractGlobals(argv: string[]): { rest: string[]; dataDir: string; json: boolean; help: boolean } {
  const rest: string[] = [];
  let dataDir = defaultDataDir();
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') {
      const v = argv[++i];
      if (!v) throw new CliUsageError('--data-dir needs a folder');
      dataDir = v;
    } else if (a.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') help = true;
    else rest.push(a);
  }
  return { rest, dataDir, json, help };
}

export async function main(argv: string[]): Promise<number> {
  let ctx: CliContext | null = null;
  try {
    const g = extractGlobals(argv);
    const [name, ...args] = g.rest;
    if (!name || g.help) {
      process.stdout.write(usage());
      return name || g.help ? 0 : 2;
    }
    const command = commands[name];
    if (!command) throw new CliUsageError(`unknown command "${name}"`);
    ctx = { dataDir: g.dataDir, json: g.json, command: name, sub: args[0] };
    return (await command(args, ctx)) ?? 0;
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`glimpse: ${err.message}\nRun \`glimpse --help\` for usage.\n`);
      return 2;
    }
    // Disk full, read-only, locked: one plain line, not "(internal)" and a stack.
    const plain = asPlainIoError(err) ?? err;
    const body = toErrorBody(plain);
    process.stderr.write(`glimpse: ${body.message}${plain instanceof GlimpseError ? '' : ` (${body.kind})`}\n`);
    if (process.env.GLIMPSE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
