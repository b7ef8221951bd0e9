// `glimpse index|watch|folders|status`: the library side of the CLI.
import type { FileError } from '../../shared/contract';
import { GlimpseError } from '../../shared/errors';
import type { EngineHost } from '../engine';
import { CliUsageError, printJson, type Command, type CliContext } from './context';
import { withEngine } from './open-engine';
import { ProgressLine } from './progress-line';

async function addFolders(engine: EngineHost, folders: string[]): Promise<void> {
  for (const f of folders) {
    try {
      // No scan here: `index` and `watch` scan every folder next.
      await engine.foldersAdd({ path: f, scan: 'none' });
    } catch (err) {
      // Already covered by a parent folder is fine for `index`/`watch`; anything else is fatal.
      if (!(err instanceof GlimpseError && err.kind === 'already-exists')) throw err;
    }
  }
}

function progressBar(engine: EngineHost, ctx: CliContext): { bar: ProgressLine; off: () => void } {
  const bar = new ProgressLine(!ctx.json || process.env.GLIMPSE_PROGRESS === '1');
  const off = engine.on('progress', (p) => {
    const total = p.done + p.failed + p.queued;
    const eta = p.etaSeconds !== null ? ` ETA ${p.etaSeconds}s` : '';
    const name = p.current ? p.current.split(/[/\\]/).pop() : '';
    // Files done: the OCR pass (text in images, scanned pages) runs on, often for minutes.
    if (p.queued === 0 && p.ocr?.running) {
      const o = p.ocr;
      const left = o.pendingImages + o.pendingPages;
      bar.update(`OCR: ${o.pendingImages} images, ${o.pendingPages} pages left`, o.doneImages + o.donePages, o.doneImages + o.donePages + left, '', o.current?.split(/[/\\]/).pop() ?? name);
    } else bar.update(`${p.ratePerSec.toFixed(1)} files/s${eta}`, p.done + p.failed, total, '', name);
  });
  return { bar, off };
}

export const indexCommand: Command = async (args, ctx) => {
  const folders = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--'));
  if (unknown.length) throw new CliUsageError(`unknown option ${unknown[0]}`);
  if (folders.length === 0) throw new CliUsageError('usage: glimpse index <folder>...');
  const t0 = Date.now();
  return withEngine(ctx, async (engine) => {
    await addFolders(engine, folders);
    const failed: FileError[] = [];
    const offErr = engine.on('fileError', (e) => failed.push(e));
    const { bar, off } = progressBar(engine, ctx);
    const summaries = await engine.indexNow();
    off();
    offErr();
    bar.done();
    const status = await engine.status();
    const seen = summaries.reduce((s, x) => s + x.seen, 0);
    const queued = summaries.reduce((s, x) => s + x.queued, 0);
    const summary = {
      indexed: status.progress.done,
      skipped: seen - queued,
      failed: failed.map((f) => ({ path: f.path, kind: f.kind, message: f.message })),
      seconds: Math.round((Date.now() - t0) / 100) / 10,
      totals: status.files,
      ...(status.modelProblem ? { warning: `indexed without a model (keyword search only): ${status.modelProblem}` } : {}),
    };
    // Never a quiet 'indexed 0': a chosen model that cannot be used is said on every run.
    if (summary.warning) process.stderr.write(`glimpse: ${summary.warning}\n`);
    if (ctx.json) printJson(summary);
    else {
      process.stdout.write(`indexed ${summary.indexed}, unchanged ${summary.skipped}, failed ${summary.failed.length} in ${summary.seconds}s\n`);
      for (const f of summary.failed) process.stdout.write(`  failed: ${f.path}: ${f.kind}: ${f.message}\n`);
    }
    return 0;
  }, { indexing: true });
};

export const watchCommand: Command = async (args, ctx) => {
  const folders = args.filter((a) => !a.startsWith('--'));
  return withEngine(
    ctx,
    async (engine) => {
      // Opened with watch: the library's folders are watched from the open, and foldersAdd watches new ones.
      await addFolders(engine, folders);
      const { bar, off } = progressBar(engine, ctx);
      await engine.startIndexing({ scan: true });
      const watching = (await engine.foldersList()).map((f) => f.path);
      if (!ctx.json) process.stderr.write(`watching ${watching.join(', ')}; Ctrl-C to stop\n`);
      else printJson({ watching });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      off();
      bar.done();
      return 0;
    },
    { watch: true, indexing: true },
  );
};

export const foldersCommand: Command = async (args, ctx) => {
  const [sub, path] = args;
  return withEngine(ctx, async (engine) => {
    switch (sub) {
      case 'list': {
        const list = await engine.foldersList();
        if (ctx.json) printJson(list);
        else for (const f of list) process.stdout.write(`${f.path}  (${f.files} files)\n`);
        return 0;
      }
      case 'add': {
        if (!path) throw new CliUsageError('usage: glimpse folders add <path>');
        const f = await engine.foldersAdd({ path, scan: 'wait' });
        if (ctx.json) printJson(f);
        else process.stdout.write(`watching ${f.path}: ${f.files} files found (run \`glimpse index\` or \`glimpse watch\` to index them)\n`);
        return 0;
      }
      case 'remove': {
        if (!path) throw new CliUsageError('usage: glimpse folders remove <path>');
        await engine.foldersRemove({ path });
        if (ctx.json) printJson({ ok: true });
        else process.stdout.write(`removed ${path}\n`);
        return 0;
      }
      default:
        throw new CliUsageError('usage: glimpse folders list|add <path>|remove <path>');
    }
  });
};

export const statusCommand: Command = async (_args, ctx) => {
  return withEngine(ctx, async (engine) => {
    const s = await engine.status();
    if (ctx.json) {
      printJson({ ...s, model: s.model?.name ?? null, modelInfo: s.model });
      return 0;
    }
    process.stdout.write(`model:    ${s.model ? `${s.model.name} (${s.model.dim}-d, ${s.model.family})` : s.modelProblem ? `unusable: ${s.modelProblem} (keyword search only)` : 'none installed (keyword search only)'}\n`);
    process.stdout.write(`provider: ${s.provider ?? '-'}${s.providerFallbackReason ? ` (${s.providerFallbackReason})` : ''}\n`);
    process.stdout.write(`files:    ${s.files.indexed} indexed, ${s.files.queued} queued, ${s.files.failed} failed, ${s.files.skipped} skipped\n`);
    if (s.byKind) process.stdout.write(`by kind:  ${Object.entries(s.byKind).map(([k, n]) => `${n} ${k}s`).join(', ')}\n`);
    const o = s.progress.ocr;
    if (o) {
      const waiting = `${o.pendingImages} images, ${o.pendingPages} scanned pages (${o.pendingDocuments} documents) waiting`;
      const pages = `${o.readPages} pages read, ${o.noTextPages} without text, ${o.failedPages} unreadable`;
      process.stdout.write(`ocr:      ${o.running ? 'reading' : 'idle'}; ${waiting}; ${pages}${o.current ? `; now ${o.current}` : ''}\n`);
    }
    for (const f of s.folders) process.stdout.write(`folder:   ${f.path} (${f.files} files)\n`);
    if (s.lastErrors.length) {
      process.stdout.write('last errors:\n');
      for (const e of s.lastErrors.slice(0, 10)) process.stdout.write(`  ${e.path}: ${e.kind}: ${e.message}\n`);
    }
    // Every file under a watched folder is accounted for: what was left out, and why.
    if (s.notIndexed?.length) {
      process.stdout.write('not indexed:\n');
      for (const n of s.notIndexed) process.stdout.write(`  ${n.count} ${n.reason}${n.examples[0] ? ` (e.g. ${n.examples[0]})` : ''}\n`);
    }
    return 0;
  });
};
