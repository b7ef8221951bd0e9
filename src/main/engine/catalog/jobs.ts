// The persistent work queue: one job per file (file_id unique), priority = the file's mtime so the
// newest files are indexed first. Workers claim batches (pending -> running), then complete or
// fail them. Jobs left 'running' by a crash go back to 'pending' when the catalog opens, so work is
// never lost; a job is done only after its results are in the catalog, so it is never duplicated.
import type { Statements } from './statements';
import type { ClaimedJob, JobState } from './types';

const now = (): string => new Date().toISOString();

export class Jobs {
  constructor(private readonly s: Statements) {}

  /** Queues (or re-queues) work for a file; `priority` defaults to the file's mtime. */
  enqueue(fileId: number, priority?: number): void {
    this.s
      .get(
        `INSERT INTO jobs(file_id, priority, state, attempts, updated_at)
         VALUES (?, coalesce(?, (SELECT mtime_ms FROM files WHERE id = ?)), 'pending', 0, ?)
         ON CONFLICT(file_id) DO UPDATE SET priority = excluded.priority, state = 'pending', attempts = 0, last_error = NULL,
           updated_at = excluded.updated_at`,
      )
      .run(fileId, priority ?? null, fileId, now());
  }

  enqueueMany(items: readonly { fileId: number; priority?: number }[]): void {
    this.s.tx(() => {
      for (const it of items) this.enqueue(it.fileId, it.priority);
    });
  }

  /**
   * Atomically moves up to `limit` pending jobs to 'running', highest priority (newest mtime)
   * first, and returns them with the file fields a worker needs.
   */
  claim(limit: number): ClaimedJob[] {
    return this.s.tx(() => {
      const rows = this.s
        .get<[number], ClaimedJob>(
          `SELECT j.id AS jobId, j.file_id AS fileId, j.priority, j.attempts + 1 AS attempts, f.path, f.kind, f.size,
             f.mtime_ms AS mtimeMs, f.content_id AS contentId
           FROM jobs j JOIN files f ON f.id = j.file_id
           WHERE j.state = 'pending' ORDER BY j.priority DESC, j.id LIMIT ?`,
        )
        .all(Math.max(0, Math.floor(limit)));
      if (rows.length === 0) return rows;
      this.s
        .get(`UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`)
        .run(now(), JSON.stringify(rows.map((r) => r.jobId)));
      return rows;
    });
  }

  complete(jobId: number): void {
    this.s.get(`UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ? WHERE id = ?`).run(now(), jobId);
  }

  completeMany(jobIds: readonly number[]): void {
    if (jobIds.length === 0) return;
    this.s
      .get(`UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`)
      .run(now(), JSON.stringify(jobIds));
  }

  /**
   * Records a failed attempt. With `retry` the job goes back to 'pending' (behind newer work: its
   * priority drops by a day per attempt) unless it has reached `maxAttempts`; else it is 'failed'.
   * Returns the resulting state.
   */
  fail(jobId: number, message: string, opts: { retry?: boolean; maxAttempts?: number } = {}): JobState {
    const maxAttempts = opts.maxAttempts ?? 3;
    const row = this.s.get<[number], { attempts: number }>('SELECT attempts FROM jobs WHERE id = ?').get(jobId);
    if (!row) return 'failed';
    const state: JobState = opts.retry && row.attempts < maxAttempts ? 'pending' : 'failed';
    this.s
      .get(`UPDATE jobs SET state = ?, last_error = ?, priority = priority - (CASE WHEN ? = 'pending' THEN 86400000 ELSE 0 END), updated_at = ? WHERE id = ?`)
      .run(state, message, state, now(), jobId);
    return state;
  }

  /** Hands claimed jobs back untouched (e.g. the user paused before they were started). */
  release(jobIds: readonly number[]): void {
    if (jobIds.length === 0) return;
    this.s
      .get(`UPDATE jobs SET state = 'pending', attempts = max(0, attempts - 1), updated_at = ? WHERE state = 'running' AND id IN (SELECT value FROM json_each(?))`)
      .run(now(), JSON.stringify(jobIds));
  }

  /** Puts 'running' jobs back to 'pending' (called at open: a crash left them half done). */
  recoverRunning(): number {
    return this.s.get(`UPDATE jobs SET state = 'pending', updated_at = ? WHERE state = 'running'`).run(now()).changes;
  }

  /** Re-queues every job in a state (e.g. all 'failed' on a user's "retry", or 'done' after a model switch). */
  resetState(from: JobState): number {
    return this.s.get(`UPDATE jobs SET state = 'pending', attempts = 0, updated_at = ? WHERE state = ?`).run(now(), from).changes;
  }

  counts(): Record<JobState, number> {
    const out: Record<JobState, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of this.s.get<[], { state: JobState; n: number }>('SELECT state, count(*) AS n FROM jobs GROUP BY state').all()) {
      out[r.state] = r.n;
    }
    return out;
  }

  get(jobId: number): { id: number; fileId: number; priority: number; state: JobState; attempts: number; lastError: string | null } | undefined {
    return this.s
      .get<[number], { id: number; fileId: number; priority: number; state: JobState; attempts: number; lastError: string | null }>(
        'SELECT id, file_id AS fileId, priority, state, attempts, last_error AS lastError FROM jobs WHERE id = ?',
      )
      .get(jobId);
  }

  /** Deletes finished jobs (keeps the table small; a file is re-queued by enqueue when it changes). */
  pruneDone(): number {
    return this.s.get(`DELETE FROM jobs WHERE state = 'done'`).run().changes;
  }
}
