// Marks matched words inside a snippet without injecting HTML (snippets are untrusted text). The
// engine's keyword snippets delimit matches with « »; other text gets the query's words marked.
import type { ReactNode } from 'react';

const ENGINE_MARK = /«([^«»]*)»/g;

export function Highlight({ text, query }: { text: string; query: string | null }): ReactNode {
  if (text.includes('«')) {
    const parts = text.split(ENGINE_MARK);
    return parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p));
  }
  const words = (query ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
  if (words.length === 0) return text;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${escaped.join('|')})`, 'giu');
  const parts = text.split(re);
  return parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p));
}
