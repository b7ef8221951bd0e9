// Problems over a real catalog: a scanned page OCR could not read is listed with its file id; Ignore
// hides it (and its file's later failures are not announced); Retry puts the page back to pending and
// shows it again; a file with nothing to retry is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { Problems } from '../../../src/main/engine/problems';
import { addFile, openTemp } from './helpers';

describe('problems', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('OCR page failures: listed with the file id, ignored, retried back to pending', () => {
    const t = openTemp();
    cleanups.push(t.cleanup);
    const { cat } = t;
    const { fileId, contentId } = addFile(cat, '/docs', '/docs/scan.pdf', { kind: 'document' });
    cat.ocrPages.enqueue(contentId, [1, 2, 3]);
    cat.ocrPages.settle(contentId, 2, { state: 'failed', lines: 0, errorKind: 'corrupt', error: 'bad page' }, []);
    cat.ocrPages.settle(contentId, 3, { state: 'read', lines: 4 }, []);
    const p = new Problems(cat);

    let l = p.list();
    expect(l.ignored).toBe(0);
    expect(l.problems).toEqual([expect.objectContaining({ path: '/docs/scan.pdf', kind: 'corrupt', message: 'OCR: bad page', fileId })]);
    expect(p.announce({ path: '/docs/scan.pdf', kind: 'corrupt', message: 'x' })).toMatchObject({ fileId });

    p.ignore(fileId, true);
    l = p.list();
    expect(l.problems).toEqual([]);
    expect(l.ignored).toBe(1);
    expect(p.announce({ path: '/docs/scan.pdf', kind: 'corrupt', message: 'x' })).toBeNull();
    // An unknown path is announced as it is (no id).
    expect(p.announce({ path: '/elsewhere/x.jpg', kind: 'io', message: 'x' })).toEqual({ path: '/elsewhere/x.jpg', kind: 'io', message: 'x' });

    expect(p.retry(fileId)).toEqual({ file: false, pages: 1 });
    expect(cat.ocrPages.stateOf(contentId).map((r) => r.state)).toEqual(['pending', 'pending', 'read']);
    expect(p.list()).toEqual({ problems: [], ignored: 0 }); // retried: no longer ignored, and nothing failed now
    expect(() => p.retry(fileId)).toThrow(/no problem to retry/);
    expect(() => p.ignore(424242, true)).toThrow(/no file/);
  });
});
