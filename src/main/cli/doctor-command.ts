// `glimpse doctor [--repair]`: checks the library in the data dir and, with --repair, rebuilds a
// damaged catalog from the kept folder list (catalog/catalog-doctor.ts). Exit 1 when a check fails
// and nothing was repaired.
import { examineLibrary, repairLibrary } from '../engine/catalog/catalog-doctor';
import { DataDir } from '../engine/util/data-dir';
import { parse, printJson, type Command } from './context';

export const doctorCommand: Command = async (args, ctx) => {
  const { values } = parse(args, { repair: { type: 'boolean' } }, false);
  const dirs = new DataDir(ctx.dataDir);
  const report = examineLibrary(dirs);
  const repaired = values.repair ? await repairLibrary(dirs) : null;
  if (ctx.json) {
    printJson({ ...report, repaired: repaired?.actions ?? null });
  } else {
    for (const f of report.findings) process.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'}  ${f.check}: ${f.detail}\n`);
    if (repaired) for (const a of repaired.actions) process.stdout.write(`repaired: ${a}\n`);
    else if (!report.healthy) process.stdout.write('run `glimpse doctor --repair` to fix this\n');
  }
  return report.healthy || repaired ? 0 : 1;
};
