// `glimpse doctor [--repair]`: checks the library in the data dir and, with --repair, rebuilds a
// damaged catalog from the kept folder list (catalog/catalog-doctor.ts), then opens the library
// (vector indexes rebuilt from the catalog) and re-scans and indexes every watched folder. Exit 1
// when a check fails and nothing was repaired.
import { examineLibrary, repairLibrary } from '../engine';
import { parse, printJson, type Command } from './context';
import { withEngine } from './open-engine';

export const doctorCommand: Command = async (args, ctx) => {
  const { values } = parse(args, { repair: { type: 'boolean' } }, false);
  const report = examineLibrary(ctx.dataDir);
  let repaired: { actions: string[]; indexed: number; folders: number } | null = null;
  if (values.repair) {
    const { actions } = await repairLibrary(ctx.dataDir);
    if (!ctx.json) for (const a of actions) process.stdout.write(`repaired: ${a}\n`);
    // Re-scan: every watched folder is diffed against the (new) catalog and indexed.
    const { indexed, folders } = await withEngine(
      ctx,
      async (engine) => {
        await engine.indexNow({});
        const s = await engine.status();
        return { indexed: s.files.indexed, folders: s.folders.length };
      },
      { indexing: true },
    );
    repaired = { actions, indexed, folders };
  }
  if (ctx.json) {
    printJson({ ...report, repaired });
  } else {
    for (const f of report.findings) process.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'}  ${f.check}: ${f.detail}\n`);
    if (repaired) process.stdout.write(`re-scanned ${repaired.folders} folders: ${repaired.indexed} files indexed\n`);
    else if (!report.healthy) process.stdout.write('run `glimpse doctor --repair` to fix this\n');
  }
  return report.healthy || repaired ? 0 : 1;
};
