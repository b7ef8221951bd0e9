// Accounting for files the scan leaves out (unsupported type, links out of the watched folders or
// to folders, FIFOs, names that are not valid UTF-8): counted per watched folder and kept in the
// catalog's settings, so `status` (any process) can say what was not indexed and why. Together
// with the files table (indexed, failed, skipped rows) every file under a watched folder is counted.
import type { Catalog } from '../catalog';
import type { ScanSkipReason } from './scanner';

const EXAMPLES_PER_REASON = 5;
const keyFor = (folderId: number): string => `scan-skips:${folderId}`;

export type SkipSummary = Partial<Record<ScanSkipReason, { count: number; examples: string[] }>>;

export class ScanSkipTally {
  readonly summary: SkipSummary = {};

  add = (path: string, reason: ScanSkipReason): void => {
    const e = (this.summary[reason] ??= { count: 0, examples: [] });
    e.count++;
    if (e.examples.length < EXAMPLES_PER_REASON) e.examples.push(path);
  };

  /** Replaces the folder's record (a scan sees the whole folder). */
  save(catalog: Catalog, folderId: number): void {
    catalog.settings.set(keyFor(folderId), this.summary);
  }
}

export function forgetScanSkips(catalog: Catalog, folderId: number): void {
  catalog.settings.delete(keyFor(folderId));
}

/** What is not indexed, by reason: the scans' records of every watched folder plus the files marked skipped or failed. */
export function notIndexedSummary(catalog: Catalog): { reason: string; count: number; examples: string[] }[] {
  const merged = new Map<string, { count: number; examples: string[] }>();
  const add = (reason: string, count: number, examples: string[]): void => {
    const m = merged.get(reason) ?? { count: 0, examples: [] };
    m.count += count;
    for (const x of examples) if (m.examples.length < EXAMPLES_PER_REASON) m.examples.push(x);
    merged.set(reason, m);
  };
  for (const f of catalog.folders.list()) {
    const s = catalog.settings.get<SkipSummary>(keyFor(f.id));
    for (const [reason, v] of Object.entries(s ?? {})) if (v) add(reason, v.count, v.examples);
  }
  // Grouped in SQL: a library with 100k failed files must not read them all for each status call.
  const groups = catalog.db
    .prepare(
      `SELECT status, coalesce(error_kind, 'internal') AS kind, count(*) AS n FROM files
       WHERE status IN ('skipped', 'failed') GROUP BY status, coalesce(error_kind, 'internal') ORDER BY status, kind`,
    )
    .all() as { status: string; kind: string; n: number }[];
  const examples = catalog.db.prepare(
    `SELECT path, coalesce(error_message, '') AS message FROM files
     WHERE status = ? AND coalesce(error_kind, 'internal') = ? ORDER BY id LIMIT ${EXAMPLES_PER_REASON}`,
  );
  for (const g of groups) {
    const rows = examples.all(g.status, g.kind) as { path: string; message: string }[];
    add(`${g.status}: ${g.kind}`, g.n, rows.map((r) => `${r.path}: ${r.message}`));
  }
  return [...merged.entries()].map(([reason, v]) => ({ reason, count: v.count, examples: v.examples }));
}
