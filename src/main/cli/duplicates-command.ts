// `glimpse duplicates`: groups of the same photo over the library (the contract's duplicates call:
// same bytes, or perceptual hashes a few bits apart; no model), keeper first. Lists only: removing
// files is left to the user (or the app's Duplicates sheet, which moves them to the system trash).
import { CliUsageError, intOption, parse, printJson, type Command } from './context';
import { withEngine } from './open-engine';

export const duplicatesCommand: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { page: { type: 'string' }, k: { type: 'string' } });
  if (positionals.length) throw new CliUsageError('usage: glimpse duplicates [--k N groups per page] [--page N]');
  const pageSize = Math.min(200, intOption(values.k, '--k', 50));
  const page = intOption(values.page, '--page', 1) - 1;
  return withEngine(ctx, async (engine) => {
    const res = await engine.duplicates({ page, pageSize });
    if (ctx.json) printJson(res);
    else {
      for (const g of res.groups) {
        process.stdout.write(`${g.sameBytes ? 'same file' : 'same picture'}, ${g.files.length} copies\n`);
        for (const f of g.files) {
          const size = f.width && f.height ? `${f.width}x${f.height}` : '';
          process.stdout.write(`  ${f.id === g.keeperId ? 'keep ' : '     '} ${f.path}  ${size}${f.distance ? `  (${f.distance} bits apart)` : ''}\n`);
        }
      }
      process.stdout.write(`${res.totalGroups} groups, ${res.redundantFiles} extra copies (${(res.redundantBytes / 1e6).toFixed(1)} MB) in ${res.tookMs} ms\n`);
    }
    return 0;
  });
};
