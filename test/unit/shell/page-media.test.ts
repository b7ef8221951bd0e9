// The document page image at both media doors: glimpse://page/<passage id> in the app and
// /media/page/<passage id> in browser mode parse to the 'page' kind with a plain numeric id (never a
// path), and the protocol handler asks the engine for exactly that and serves its PNG.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createProtocolHandler, parseGlimpseUrl } from '../../../src/main/protocol';
import { parseMediaPath } from '../../../src/shared/media-ids';

describe('page media', () => {
  it('parses page ids like every other media id', () => {
    expect(parseGlimpseUrl('glimpse://page/17')).toEqual({ type: 'media', kind: 'page', id: 17 });
    expect(parseMediaPath('/media/page/17')).toEqual({ kind: 'page', id: 17 });
    expect(parseGlimpseUrl('glimpse://page/..%2Fetc%2Fpasswd')).toBeNull();
    expect(parseMediaPath('/media/page/0')).toBeNull();
    expect(parseMediaPath('/media/page/3/4')).toBeNull();
    expect(parseMediaPath('/media/pages/3')).toBeNull();
  });

  it('the app protocol serves the PNG the engine resolves for the passage id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glimpse-page-'));
    const png = join(dir, '5-p3.png');
    writeFileSync(png, await sharp({ create: { width: 4, height: 6, channels: 3, background: '#fff' } }).png().toBuffer());
    const asked: unknown[] = [];
    const handler = createProtocolHandler({
      rendererDir: dir,
      resolveMedia: async (kind, id) => {
        asked.push([kind, id]);
        return { path: png, mime: 'image/png' };
      },
    });
    const res = await handler(new Request('glimpse://page/42'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).height).toBe(6);
    expect(asked).toEqual([['page', 42]]);
  });
});
