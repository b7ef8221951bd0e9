// `glimpse embed --text "..." | --image <path>`: the active pack's L2-normalised embedding.
// Several --text (or --image) options embed each in one run, one output line per input.
import { CliUsageError, parse, printJson, type Command } from './context';
import { withEngine } from './open-engine';

export const embedCommand: Command = async (args, ctx) => {
  const { values } = parse(args, { text: { type: 'string', multiple: true }, image: { type: 'string', multiple: true } }, false);
  if ((values.text === undefined) === (values.image === undefined)) throw new CliUsageError('usage: glimpse embed --text "..." | --image <path>');
  const res = await withEngine(ctx, (engine) => engine.embed(values.text !== undefined ? { texts: values.text } : { images: values.image }), { ocr: false });
  for (const embedding of res.embeddings) {
    if (ctx.json) printJson({ model: res.model, dim: res.dim, provider: res.provider, embedding });
    else process.stdout.write(embedding.map((x) => x.toPrecision(8)).join(' ') + '\n');
  }
};
