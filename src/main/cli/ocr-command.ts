// `glimpse ocr <image-path>` / `glimpse ocr <file.pdf> [--page N]`: recognised text lines with their
// boxes, in reading order (columns first). A PDF page is rendered as the OCR pass renders scanned
// pages (page 1 unless --page).
import { CliUsageError, printJson, type Command } from './context';
import { withEngine } from './open-engine';

const USAGE = 'usage: glimpse ocr <image-path> | glimpse ocr <file.pdf> [--page N]';

export const ocrCommand: Command = async (args, ctx) => {
  const pageAt = args.indexOf('--page');
  const page = pageAt >= 0 ? Number(args[pageAt + 1]) : null;
  const rest = args.filter((_, i) => pageAt < 0 || (i !== pageAt && i !== pageAt + 1));
  const path = rest[0];
  if (!path || rest.length > 1) throw new CliUsageError(USAGE);
  if (page !== null && (!Number.isInteger(page) || page < 1)) throw new CliUsageError(`--page takes a page number from 1 (${USAGE})`);
  if (page !== null && !/\.pdf$/i.test(path)) throw new CliUsageError(`--page is for PDF files (${USAGE})`);
  const r = await withEngine(ctx, (engine) => engine.ocr({ path, page: page ?? undefined }), { ocr: false });
  if (ctx.json) printJson(r);
  else {
    for (const l of r.lines) process.stdout.write(`${l.text}\n`);
    process.stderr.write(`${r.lines.length} lines in ${Math.round(r.detectMs + r.recognizeMs)} ms${r.skipped ? ' (no text found)' : ''}\n`);
  }
  return 0;
};
