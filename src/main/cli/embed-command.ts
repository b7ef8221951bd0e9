// `glimpse embed --text "..." | --image <path>`: the active pack's L2-normalised embedding.
// Several --text (or --image) options embed each in one run, one output line per input.
import { ClipEmbedder } from '../engine/models/embedder';
import { PackStore } from '../engine/models/pack-store';
import { DataDir } from '../engine/util/data-dir';
import { GlimpseError } from '../../shared/errors';
import { existsSync } from 'node:fs';
import { CliUsageError, parse, printJson, type Command } from './context';
import { requireActivePack } from './models-command';

export const embedCommand: Command = async (args, ctx) => {
  const { values } = parse(args, { text: { type: 'string', multiple: true }, image: { type: 'string', multiple: true } }, false);
  if ((values.text === undefined) === (values.image === undefined)) throw new CliUsageError('usage: glimpse embed --text "..." | --image <path>');
  const pack = requireActivePack(new PackStore(new DataDir(ctx.dataDir).modelsDir));
  const embedder = await ClipEmbedder.open(pack);
  try {
    let vectors: Float32Array[];
    if (values.text !== undefined) vectors = await embedder.embedTexts(values.text);
    else {
      for (const p of values.image!) if (!existsSync(p)) throw new GlimpseError('not-found', `no such file: ${p}`);
      vectors = await embedder.embedImages(values.image!);
    }
    for (const v of vectors) {
      const embedding = Array.from(v);
      if (ctx.json) printJson({ model: pack.name, dim: embedding.length, provider: embedder.provider, embedding });
      else process.stdout.write(embedding.map((x) => x.toPrecision(8)).join(' ') + '\n');
    }
  } finally {
    await embedder.close();
  }
};
