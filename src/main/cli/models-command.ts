// `glimpse models list|install <name>|import <dir> [--name N]|use <name>|remove <name>`
import { GlimpseError } from '../../shared/errors';
import { PackStore } from '../engine/models/pack-store';
import { DataDir } from '../engine/util/data-dir';
import { CliUsageError, parse, printJson, type Command } from './context';
import { withEngine } from './open-engine';
import { ProgressLine } from './progress-line';

export const modelsCommand: Command = async (args, ctx) => {
  const [sub, ...rest] = args;
  const store = new PackStore(new DataDir(ctx.dataDir).modelsDir);
  switch (sub) {
    case 'list': {
      const list = store.list();
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
      const info = await store.install(name, {
        baseUrl: values['base-url'],
        onProgress: (p) => bar.update(`${p.file}`, p.received, p.total, 'bytes'),
      });
      bar.done();
      if (ctx.json) return printJson(info);
      process.stdout.write(`installed ${info.name} (${info.dim}-d)${info.inUse ? ', in use' : ''}\n`);
      return;
    }
    case 'import': {
      const { positionals, values } = parse(rest, { name: { type: 'string' } });
      const dir = positionals[0];
      if (!dir) throw new CliUsageError('usage: glimpse models import <dir> [--name N]');
      const info = await store.import(dir, values.name);
      if (ctx.json) return printJson(info);
      process.stdout.write(`imported ${info.name} (${info.dim}-d)${info.inUse ? ', in use' : ''}\n`);
      return;
    }
    case 'use': {
      const name = rest[0];
      if (!name) throw new CliUsageError('usage: glimpse models use <name>');
      const previous = store.activeName();
      const info = store.use(name);
      if (ctx.json) return printJson(info);
      process.stdout.write(`now using ${info.name} (${info.dim}-d)${previous && previous !== name ? `; files are re-embedded with it on the next index/watch run (vectors of ${previous} are kept separately)` : ''}\n`);
      return;
    }
    case 'remove': {
      const name = rest[0];
      if (!name) throw new CliUsageError('usage: glimpse models remove <name>');
      // The engine's own call (as the app's Models sheet): vectors, index files and the pack folder.
      const report = await withEngine(ctx, (engine) => engine.modelsRemove({ name }), { ocr: false });
      if (ctx.json) return printJson({ ok: true, removed: name, ...report });
      process.stdout.write(`removed ${name} (${report.vectorsRemoved} vectors, ${report.indexFilesRemoved} index files${report.packRemoved ? ', pack folder' : ''})\n`);
      return;
    }
    default:
      throw new CliUsageError(sub ? `unknown models subcommand "${sub}"` : 'usage: glimpse models list|install|import|use|remove');
  }
};

export function requireActivePack(store: PackStore) {
  const pack = store.activePack();
  if (!pack) throw new GlimpseError('model-missing', 'no model pack installed: run `glimpse models install <name>` or `glimpse models import <dir>`');
  return pack;
}
