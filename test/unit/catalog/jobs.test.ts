import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { openTemp } from './helpers';

describe('jobs: the persistent work queue', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function setup() {
    const t = openTemp();
    cleanups.push(t.cleanup);
    const folder = t.cat.folders.add('/photos');
    const add = (name: string, mtimeMs: number) => {
      const { file } = t.cat.files.upsertScanned({ folderId: folder.id, path: `/photos/${name}`, size: 1, mtimeMs, kind: 'image' });
      t.cat.jobs.enqueue(file.id); // priority = mtime
      return file.id;
    };
    return { ...t, add };
  }

  it('claims newest files first, each job once', () => {
    const { cat, add } = setup();
    const old = add('old.jpg', 1_000);
    const newest = add('newest.jpg', 3_000);
    const mid = add('mid.jpg', 2_000);
    const first = cat.jobs.claim(2);
    expect(first.map((j) => j.fileId)).toEqual([newest, mid]);
    expect(first[0]).toMatchObject({ path: '/photos/newest.jpg', kind: 'image', attempts: 1 });
    const second = cat.jobs.claim(5);
    expect(second.map((j) => j.fileId)).toEqual([old]);
    expect(cat.jobs.claim(5)).toEqual([]);
    expect(cat.jobs.counts()).toEqual({ pending: 0, running: 3, done: 0, failed: 0 });
  });

  it('puts jobs left running by a crash back to pending at open', () => {
    const { cat, path, add } = setup();
    add('a.jpg', 1);
    add('b.jpg', 2);
    add('c.jpg', 3);
    const claimed = cat.jobs.claim(3);
    cat.jobs.complete(claimed[0]!.jobId);
    // simulate a crash: the connection goes away with two jobs 'running'
    cat.db.close();
    const again = Catalog.open(path);
    try {
      expect(again.recoveredJobs).toBe(2);
      expect(again.jobs.counts()).toEqual({ pending: 2, running: 0, done: 1, failed: 0 });
      expect(again.jobs.claim(10).map((j) => j.path)).toEqual(['/photos/b.jpg', '/photos/a.jpg']);
    } finally {
      again.close();
    }
  });

  it('a worker connection opened with recoverJobs:false does not steal running jobs', () => {
    const { cat, path, add } = setup();
    add('a.jpg', 1);
    cat.jobs.claim(1);
    const worker = Catalog.open(path, { recoverJobs: false });
    expect(worker.recoveredJobs).toBe(0);
    expect(worker.jobs.counts().running).toBe(1);
    worker.close();
  });

  it('fail retries behind newer work until maxAttempts, then fails', () => {
    const { cat, add } = setup();
    add('a.jpg', 1_700_000_001_000);
    add('b.jpg', 1_700_000_000_000); // one second older
    const [a] = cat.jobs.claim(1);
    expect(cat.jobs.fail(a!.jobId, 'decoder crashed', { retry: true, maxAttempts: 2 })).toBe('pending');
    expect(cat.jobs.claim(1)[0]!.path).toBe('/photos/b.jpg'); // the retried job dropped behind
    const [again] = cat.jobs.claim(1);
    expect(again!.attempts).toBe(2);
    expect(cat.jobs.fail(again!.jobId, 'decoder crashed', { retry: true, maxAttempts: 2 })).toBe('failed');
    expect(cat.jobs.get(again!.jobId)).toMatchObject({ state: 'failed', attempts: 2, lastError: 'decoder crashed' });
    expect(cat.jobs.resetState('failed')).toBe(1);
    expect(cat.jobs.counts().pending).toBe(1);
  });

  it('enqueue is an upsert; deleting the file deletes its job', () => {
    const { cat, add } = setup();
    const id = add('a.jpg', 5);
    const [j] = cat.jobs.claim(1);
    cat.jobs.complete(j!.jobId);
    cat.jobs.enqueue(id, 99); // file changed: queue again
    expect(cat.jobs.counts()).toMatchObject({ pending: 1, done: 0 });
    expect(cat.jobs.claim(1)[0]).toMatchObject({ fileId: id, priority: 99, attempts: 1 });
    cat.files.removeByPath('/photos/a.jpg');
    expect(cat.jobs.counts()).toEqual({ pending: 0, running: 0, done: 0, failed: 0 });
  });

  it('completeMany and pruneDone', () => {
    const { cat, add } = setup();
    add('a.jpg', 1);
    add('b.jpg', 2);
    const js = cat.jobs.claim(2);
    cat.jobs.completeMany(js.map((j) => j.jobId));
    expect(cat.jobs.counts().done).toBe(2);
    expect(cat.jobs.pruneDone()).toBe(2);
    expect(cat.jobs.counts().done).toBe(0);
  });
});
