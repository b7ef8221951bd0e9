// Switching model packs: every indexed image is embedded again for the new pack into its own index,
// the old pack's vectors stay apart, and search uses the pack in use.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, tinyPackDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

let t: Awaited<ReturnType<typeof openTestEngine>>;
beforeAll(async () => {
  t = await openTestEngine({ ocr: false });
  internals(t.engine).library.add(join(evalDir, 'coco2017-mini80'));
  await t.engine.indexNow();
}, 300_000);
afterAll(async () => t.cleanup());

describe('model switch', () => {
  it('re-embeds the library for the new pack and keeps the indexes apart', async () => {
    const count = (model: string) => (internals(t.engine).catalog.db.prepare('SELECT count(*) AS n FROM image_vectors WHERE model_id = ?').get(model) as { n: number }).n;
    const before = count('tiny-clip-immich');
    expect(before).toBe(80);
    await t.engine.modelsImport({ dir: tinyPackDir, name: 'tiny-second' });
    await t.engine.modelsUse({ name: 'tiny-second' });
    await t.engine.indexNow();
    expect(count('tiny-second')).toBe(80);
    expect(count('tiny-clip-immich')).toBe(before);
    expect(internals(t.engine).activeModel!.pack.name).toBe('tiny-second');
    expect(internals(t.engine).activeModel!.images.size).toBe(80);
    const status = await t.engine.status();
    expect(status.model?.name).toBe('tiny-second');
    expect(status.files.queued).toBe(0);
    const res = await t.engine.search({ query: 'a photo', filters: { type: 'image' }, includeBelowCutoff: true, pageSize: 100 });
    expect(res.results.length).toBe(80);
  });
});
