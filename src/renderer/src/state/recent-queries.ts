// Recent text queries, newest first, kept in localStorage (per profile / per browser origin).
import { useCallback, useState } from 'react';

const KEY = 'glimpse.recentQueries';
const MAX = 8;

function load(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function useRecentQueries(): { recent: string[]; remember: (q: string) => void; forget: (q: string) => void } {
  const [recent, setRecent] = useState<string[]>(load);
  const save = (list: string[]): string[] => {
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch {}
    return list;
  };
  const remember = useCallback((q: string) => {
    const t = q.trim();
    if (!t) return;
    setRecent((prev) => save([t, ...prev.filter((x) => x.toLowerCase() !== t.toLowerCase())].slice(0, MAX)));
  }, []);
  const forget = useCallback((q: string) => setRecent((prev) => save(prev.filter((x) => x !== q))), []);
  return { recent, remember, forget };
}
