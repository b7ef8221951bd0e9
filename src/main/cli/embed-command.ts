// `glimpse embed --text "..." | --image <path>`: the active pack's L2-normalised embedding.
import { ClipEmbedder } from '../engine/models/embedder';
import { PackStore } from '../engine/models/pack-store';
import { DataDir } from '../engine/util/data-dir';
import { GlimpseError } from '../../shared/errors';
import { existsSync } from 'node:fs';
import { CliUsageError, parse, printJson, type Command } from './context';
import { requireActivePack } from './models-command';

export const embedCommand: Command = async (args, ctx) => {
  const { values } = parse(args, { text: { type: 'string' }, image: { type: 'string' } }, false);
  if ((values.text === undefined) === (values.image === undefined)) throw new CliUsageError('usage: glimpse embed --text "..." | --image <path>');
  const pack = requireActivePack(new PackStore(new DataDir(ctx.dataDir).modelsDir));
  const embedder = await ClipEmbedder.open(pack);
  try {
    let vector: Float32Array | undefined;
    if (values.text !== undefined) [vector] = await embedder.embedTexts([values.text]);
    else {
      if (!existsSync(values.image!)) throw new GlimpseError('not-found', `no such file: ${values.image}`);
      [vector] = await embedder.embedImages([values.image!]);
    }
    const embedding = Array.from(vector!);
    if (ctx.json) printJson({ model: pack.name, dim: embedding.length, provider: embedder.provider, embedding });
    else process.stdout.write(embedding.map((v) => v.toPrecision(8)).join(' ') + '\n');
  } finally {
    await embedder.close();
  }
};
