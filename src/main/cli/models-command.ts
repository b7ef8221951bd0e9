// `glimpse models list|install <name>|import <dir> [--name N]|use <name>|remove <name>`, through the
// engine's calls (the app's Models sheet makes the same ones): a change of model takes the library's
// lock and re-embeds in the next index/watch run.
import type { EngineHost } from '../engine';
import { CliUsageError, parse, printJson, type Command, type CliContext } from './context';
import { withEngine } from './open-engine';
import { ProgressLine } from './progress-line';

/** Opens the engine without loading the current model: these commands manage packs, not search. */
function withModels<T>(ctx: CliContext, fn: (engine: EngineHost) => Promise<T>, modelBaseUrl?: string): Promise<T> {
  return withEngine(ctx, fn, { ocr: false, model: false, modelBaseUrl });
}

export const modelsCommand: Command = async (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list': {
      const list = await withModels(ctx, (engine) => engine.modelsList());
      if (ctx.json) return printJson(list);
      for (const m of list) {
        const flags = [m.inUse ? 'in use' : '', m.installed ? 'installed' : '', m.recommended ? 'recommended' : ''].filter(Boolean).join(', ');
        process.stdout.write(`${m.inUse ? '*' : ' '} ${m.name.padEnd(44)} ${String(m.dim).padStart(4)}-d ${String(m.sizeMB).padStart(5)} MB  ${m.languages.join(',')}${flags ? `  (${flags})` : ''}\n`);
      }
      const why = list.find((m) => m.recommended)?.recommendedReason;
      if (why) process.stdout.write(`\nRecommended: ${why}\n`);
      return;
    }
    case 'install': {
      const { positionals, values } = parse(rest, { 'base-url': { type: 'string' } });
      const name = positionals[0];
      if (!name) throw new CliUsageError('usage: glimpse models install <name> [--base-url URL]');
      const bar = new ProgressLine(!ctx.json);
      const info = await withModels(ctx, async (engine) => {
        const off = engine.on('download', (p) => bar.update(`${p.file}`, p.received, p.total, 'bytes'));
        try {
          return await engine.modelsInstall({ name });
        } finally {
          off();
        }
      }, values['base-url']);
      bar.done();
      if (ctx.json) return printJson(info);
      process.stdout.write(`installed ${info.name} (${info.dim}-d)${info.inUse ? ', in use' : ''}\n`);
      return;
    }
    case 'import': {
      const { positionals, values } = parse(rest, { name: { type: 'string' } });
      const dir = positionals[0];
      if (!dir) throw new CliUsageError('usage: glimpse models import <dir> [--name N]');
      const info = await withModels(ctx, (engine) => engine.modelsImport({ dir, name: values.name }));
      if (ctx.json) return printJson(info);
      process.stdout.write(`imported ${info.name} (${info.dim}-d)${info.inUse ? ', in use' : ''}\n`);
      return;
    }
    case 'use': {
      const name = rest[0];
      if (!name) throw new CliUsageError('usage: glimpse models use <name>');
      const { previous, info } = await withModels(ctx, async (engine) => {
        const previous = (await engine.modelsList()).find((m) => m.inUse)?.name ?? null;
        return { previous, info: await engine.modelsUse({ name }) };
      });
      if (ctx.json) return printJson(info);
      process.stdout.write(`now using ${info.name} (${info.dim}-d)${previous && previous !== name ? `; files are re-embedded with it on the next index/watch run (vectors of ${previous} are kept separately)` : ''}\n`);
      return;
    }
    case 'remove': {
      const name = rest[0];
      if (!name) throw new CliUsageError('usage: glimpse models remove <name>');
      // The engine's own call (as the app's Models sheet): vectors, index files and the pack folder.
      const report = await withModels(ctx, (engine) => engine.modelsRemove({ name }));
      if (ctx.json) return printJson({ ok: true, removed: name, ...report });
      process.stdout.write(`removed ${name} (${report.vectorsRemoved} vectors, ${report.indexFilesRemoved} index files${report.packRemoved ? ', pack folder' : ''})\n`);
      return;
    }
    default:
      throw new CliUsageError(sub ? `unknown models subcommand "${sub}"` : 'usage: glimpse models list|install|import|use|remove');
  }
};
