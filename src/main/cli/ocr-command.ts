// `glimpse ocr <image-path>`: recognised text lines with their boxes.
import { existsSync } from 'node:fs';
import { GlimpseError } from '../../shared/errors';
import { createOcrEngine } from '../engine/extract/ocr';
import { CliUsageError, printJson, type Command } from './context';

export const ocrCommand: Command = async (args, ctx) => {
  const path = args[0];
  if (!path) throw new CliUsageError('usage: glimpse ocr <image-path>');
  if (!existsSync(path)) throw new GlimpseError('not-found', `no such file: ${path}`);
  const engine = await createOcrEngine({ workers: 0 });
  try {
    const r = await engine.ocr(path);
    if (ctx.json) printJson(r);
    else {
      for (const l of r.lines) process.stdout.write(`${l.text}\n`);
      process.stderr.write(`${r.lines.length} lines in ${Math.round(r.detectMs + r.recognizeMs)} ms${r.skipped ? ' (no text found)' : ''}\n`);
    }
    return 0;
  } finally {
    await engine.close();
  }
};
