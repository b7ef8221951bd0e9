// `glimpse search|similar|related|explain`: queries over the indexed library.
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ImageRef, SearchHit } from '../../shared/contract';
import { GlimpseError } from '../../shared/errors';
import type { EngineHost } from '../engine';
import { CliUsageError, intOption, parse, printJson, type Command } from './context';
import { withEngine } from './open-engine';

/**
 * The CLI may name any image the user can read: one inside a watched folder by its path (the engine
 * finds its catalog entry), any other by its bytes. Only contract calls: no catalog lookups here.
 */
async function imageRefFor(engine: EngineHost, path: string): Promise<ImageRef> {
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new GlimpseError('not-found', `no such file: ${abs}`);
  const real = realpathSync(abs);
  const inLibrary = (await engine.foldersList()).some((f) => real === f.path || real.startsWith(f.path.endsWith(sep) ? f.path : f.path + sep));
  return inLibrary ? { path: real } : { bytesBase64: readFileSync(abs).toString('base64') };
}

function printHits(hits: SearchHit[], tookMs: number, belowCutoff: number, total = hits.length): void {
  for (const h of hits) {
    const extra = [h.takenAt ? h.takenAt.slice(0, 10) : '', h.page ? `p.${h.page}` : '', h.matchedBy.join('+')].filter(Boolean).join('  ');
    const title = h.title ? `  "${h.title}"` : '';
    process.stdout.write(`${h.score.toFixed(4)}  ${h.kind.padEnd(8)} ${h.path}${title}  ${extra}\n`);
    if (h.snippet) process.stdout.write(`          ${h.snippet.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  }
  const count = total > hits.length ? `${hits.length} of ${total}` : `${hits.length}`;
  process.stdout.write(`${count} results${belowCutoff ? ` (+${belowCutoff} below the relevance cut-off: --all shows them)` : ''} in ${tookMs} ms\n`);
}

export const searchCommand: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {
    k: { type: 'string' },
    type: { type: 'string' },
    folder: { type: 'string' },
    after: { type: 'string' },
    before: { type: 'string' },
    sort: { type: 'string' },
    camera: { type: 'string' },
    'has-gps': { type: 'boolean' },
    page: { type: 'string' },
    all: { type: 'boolean' },
  });
  const query = positionals.join(' ').trim();
  if (!query) throw new CliUsageError('usage: glimpse search "<text>" [--k N] [--type image|document|all] [--folder P] [--after D] [--before D] [--sort relevance|date]');
  if (values.type && !['image', 'document', 'all'].includes(values.type)) throw new CliUsageError('--type must be image, document or all');
  if (values.sort && !['relevance', 'date'].includes(values.sort)) throw new CliUsageError('--sort must be relevance or date');
  const k = intOption(values.k, '--k', 20);
  return withEngine(ctx, async (engine) => {
    const res = await engine.search({
      query,
      filters: {
        type: (values.type as 'image' | 'document' | 'all' | undefined) ?? 'all',
        ...(values.folder ? { folder: resolve(values.folder) } : {}),
        ...(values.after ? { after: values.after } : {}),
        ...(values.before ? { before: values.before } : {}),
        ...(values.camera ? { camera: values.camera } : {}),
        ...(values['has-gps'] ? { hasGps: true } : {}),
      },
      sort: (values.sort as 'relevance' | 'date' | undefined) ?? 'relevance',
      page: values.page ? intOption(values.page, '--page', 1) - 1 : 0,
      pageSize: k,
      includeBelowCutoff: values.all ?? false,
    });
    if (ctx.json) printJson(res);
    else printHits(res.results, res.tookMs, res.belowCutoff, res.total);
    if (res.warning) process.stderr.write(`glimpse: ${res.warning}\n`);
    return 0;
  });
};

export const similarCommand: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { k: { type: 'string' }, text: { type: 'string' }, all: { type: 'boolean' } });
  if (!positionals[0]) throw new CliUsageError('usage: glimpse similar <image-path> [--k N] [--text "words"] [--all]');
  const k = intOption(values.k, '--k', 20);
  const text = values.text?.trim();
  return withEngine(ctx, async (engine) => {
    const res = await engine.similar({ image: await imageRefFor(engine, positionals[0]!), ...(text ? { text } : {}), k, filters: { type: 'image' }, includeBelowCutoff: values.all ?? false });
    if (ctx.json) printJson(res);
    else printHits(res.results, res.tookMs, res.belowCutoff);
    return 0;
  });
};

export const relatedCommand: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { k: { type: 'string' } });
  if (!positionals[0]) throw new CliUsageError('usage: glimpse related <image-path> [--k N]');
  const k = intOption(values.k, '--k', 10);
  return withEngine(ctx, async (engine) => {
    const res = await engine.related({ image: await imageRefFor(engine, positionals[0]!), k });
    if (ctx.json) printJson(res);
    else {
      for (const r of res.results) process.stdout.write(`${r.score.toFixed(4)}  ${r.path}${r.page ? `  p.${r.page}` : ''}\n          ${r.passage.replace(/\s+/g, ' ').slice(0, 200)}\n`);
      process.stdout.write(`${res.results.length} documents in ${res.tookMs} ms\n`);
    }
    return 0;
  });
};

export const explainCommand: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { image: { type: 'string' }, method: { type: 'string' }, out: { type: 'string' } });
  const target = values.image ? positionals[0] : positionals[1];
  const text = values.image ? undefined : positionals[0];
  if (!target || (!text && !values.image)) throw new CliUsageError('usage: glimpse explain "<text>" <image-path> | --image <query-image> <image-path> [--method auto|occlusion|patch] [--out heatmap.png]');
  if (values.method && !['auto', 'occlusion', 'patch'].includes(values.method)) throw new CliUsageError('--method must be auto, occlusion or patch');
  return withEngine(ctx, async (engine) => {
    // Any image the user can read: a library file by id (cached heatmaps), another by its bytes.
    const res = await engine.explain({
      target: await imageRefFor(engine, target),
      ...(text ? { query: text } : { queryImage: await imageRefFor(engine, values.image!) }),
      method: (values.method as 'auto' | 'occlusion' | 'patch' | undefined) ?? 'auto',
    });
    if (values.out) writeFileSync(values.out, Buffer.from(res.overlayPngBase64, 'base64'));
    if (ctx.json) printJson({ method: res.method, grid: res.grid, width: res.width, height: res.height, tookMs: res.tookMs, cached: res.cached, out: values.out ?? null });
    else process.stdout.write(`${res.method} heatmap ${res.grid[0]?.length ?? 0}x${res.grid.length} over ${res.width}x${res.height} in ${res.tookMs} ms${values.out ? `, written to ${values.out}` : ''}\n`);
    return 0;
  });
};
