// Library state for the whole UI: engine status (folders, model, counts), live indexing progress and
// the per-file errors, kept fresh from events with a slow status poll as a safety net.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DownloadProgress, FileError, Progress, StatusResponse } from '../../../shared/contract';
import { client } from '../api/client';

export interface LibraryState {
  status: StatusResponse | null;
  progress: Progress | null;
  errors: FileError[];
  downloads: Record<string, DownloadProgress>;
  statusError: string | null;
  refresh(): Promise<void>;
  /** Drops a file's problems from the list (retried or ignored; the engine no longer reports them). */
  dismissProblem(fileId: number): void;
}

const MAX_ERRORS = 500;

export function useLibrary(): LibraryState {
  const [status, setStatus] = useState<StatusResponse | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [errors, setErrors] = useState<FileError[]>([]);
  const [downloads, setDownloads] = useState<Record<string, DownloadProgress>>({});
  const [statusError, setStatusError] = useState<string | null>(null);
  const busy = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(async (): Promise<void> => {
    // One status call at a time; a refresh asked for meanwhile runs right after, with fresh data.
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      const s = await client.call('status', {});
      setStatus(s);
      setProgress(s.progress);
      setStatusError(null);
      // Merge the engine's recent errors with those already seen through events.
      setErrors((prev) => {
        const seen = new Set(prev.map((e) => `${e.path}\u0000${e.message}`));
        const merged = [...prev];
        for (const e of s.lastErrors) if (!seen.has(`${e.path}\u0000${e.message}`)) merged.push(e);
        return merged.slice(0, MAX_ERRORS);
      });
    } catch (err) {
      setStatusError(err instanceof Error ? err.message : String(err));
    } finally {
      busy.current = false;
    }
    if (again.current) {
      again.current = false;
      await refresh();
    }
  }, []);

  useEffect(() => {
    void refresh();
    const offProgress = client.on('progress', (p) => setProgress(p));
    const offError = client.on('fileError', (e) => setErrors((prev) => [e, ...prev].slice(0, MAX_ERRORS)));
    const offDownload = client.on('download', (d) => setDownloads((prev) => ({ ...prev, [d.model]: d })));
    return () => {
      offProgress();
      offError();
      offDownload();
    };
  }, [refresh]);

  // Poll faster while indexing so folder counts and totals move with the progress bar.
  const indexing = progress ? progress.queued > 0 && !progress.paused : false;
  useEffect(() => {
    const t = setInterval(() => void refresh(), indexing ? 2000 : 15000);
    return () => clearInterval(t);
  }, [indexing, refresh]);
  // When a run finishes (or starts), fetch the final counts at once instead of at the next poll.
  const wasIndexing = useRef(indexing);
  useEffect(() => {
    if (wasIndexing.current !== indexing) void refresh();
    wasIndexing.current = indexing;
  }, [indexing, refresh]);

  const dismissProblem = useCallback((fileId: number) => setErrors((prev) => prev.filter((e) => e.fileId !== fileId)), []);

  return { status, progress, errors, downloads, statusError, refresh, dismissProblem };
}
