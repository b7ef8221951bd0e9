// Markdown -> readable text: front matter (YAML "---" / TOML "+++") becomes title + metadata, syntax
// is stripped line by line (headings, quotes, list markers, tables, emphasis, links keep their text),
// images are dropped entirely (their URLs carry file names that would leak into search, and alt text
// is not visible text), code keeps its content, and inline/blocks of HTML go through the markup
// walker so <script>/<style> vanish and entities decode.
import { decodeText } from './decode-text';
import { markupToText } from './markup-text';
import type { ExtractedDocument } from './types';

export function parseMarkdown(buf: Uint8Array): ExtractedDocument {
  const { text: raw } = decodeText(buf);
  const source = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { body, fields } = splitFrontMatter(source);
  const { text, firstHeading } = markdownToText(body);
  const title = fields.title ?? firstHeading;
  const metadata: Record<string, string> = { ...fields };
  delete metadata.title;
  return { format: 'markdown', title: title || null, pages: [{ page: null, text }], metadata };
}

interface FrontMatter {
  body: string;
  fields: Record<string, string>;
}

/** Top-level scalar/list fields of a front matter block; nested structures are ignored. */
export function splitFrontMatter(source: string): FrontMatter {
  const m = source.match(/^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/) ?? source.match(/^\+\+\+[ \t]*\n([\s\S]*?)\n\+\+\+[ \t]*(?:\n|$)/);
  if (!m) return { body: source, fields: {} };
  const fields: Record<string, string> = {};
  let listKey: string | null = null;
  const list: string[] = [];
  const flush = (): void => {
    if (listKey && list.length) fields[listKey] = list.join(', ');
    listKey = null;
    list.length = 0;
  };
  for (const line of (m[1] ?? '').split('\n')) {
    const item = line.match(/^\s+-\s+(.*)$/) ?? line.match(/^-\s+(.*)$/);
    if (item && listKey) {
      list.push(unquote(item[1] ?? ''));
      continue;
    }
    const kv = line.match(/^([A-Za-z_][\w-]*)\s*[:=]\s*(.*)$/);
    if (!kv) continue;
    flush();
    const key = (kv[1] ?? '').toLowerCase();
    const value = (kv[2] ?? '').trim();
    if (value === '') listKey = key;
    else if (value.startsWith('[')) fields[key] = value.replace(/^\[|\]$/g, '').split(',').map(unquote).filter(Boolean).join(', ');
    else fields[key] = unquote(value);
  }
  flush();
  return { body: source.slice(m[0].length), fields };
}

function unquote(v: string): string {
  const t = v.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markdown body -> text. Exported for tests. */
export function markdownToText(body: string): { text: string; firstHeading: string | null } {
  const out: string[] = [];
  let fence: string | null = null;
  let firstHeading: string | null = null;
  const lines = body.split('\n');
  for (let idx = 0; idx < lines.length; idx++) {
    const line = lines[idx] ?? '';
    const fenceMatch = line.match(/^\s{0,3}(`{3,}|~{3,})/);
    if (fence) {
      if (fenceMatch && fenceMatch[1]?.[0] === fence[0] && (fenceMatch[1]?.length ?? 0) >= fence.length) {
        fence = null;
        out.push('');
      } else out.push(escapeHtml(line));
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1] ?? '```';
      out.push('');
      continue;
    }
    // Reference-style link definitions and setext underlines / horizontal rules carry no text.
    if (/^\s{0,3}\[[^\]^]+\]:\s*\S/.test(line)) continue;
    if (/^\s{0,3}([-=_*])(\s*\1){2,}\s*$/.test(line)) {
      out.push('');
      continue;
    }
    // Hugo/Jekyll shortcodes and template tags ({{< figure >}}, {% include %}) are site machinery.
    let s = line.replace(/\{\{[<%][\s\S]*?[%>]\}\}|\{%[\s\S]*?%\}/g, '');
    if (!s.trim() && line.trim()) continue;
    const heading = s.match(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/);
    if (heading) {
      s = heading[1] ?? '';
      if (firstHeading === null && /^\s{0,3}#\s/.test(line)) firstHeading = inline(s);
      out.push('', inline(s), '');
      continue;
    }
    s = s.replace(/^(\s{0,3}>\s?)+/, '');
    s = s.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, '');
    if (/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$/.test(s)) continue;
    if (/^\s*\|.*\|\s*$/.test(s)) s = s.replace(/^\s*\||\|\s*$/g, '').replace(/\s*\|\s*/g, ' ');
    out.push(inline(s));
  }
  const text = markupToText(out.join('\n'), { keepNewlines: true }).text;
  return { text, firstHeading: firstHeading ? markupToText(firstHeading).text : null };
}

/** Inline syntax of one line; code spans are HTML-escaped so the markup walker leaves them literal. */
function inline(s: string): string {
  // Code spans and backslash escapes are set aside first so no later rule touches them.
  const kept: string[] = [];
  const keep = (v: string): string => {
    kept.push(v);
    return `\u0000${kept.length - 1}\u0000`;
  };
  let t = s.replace(/(`+)([\s\S]*?)\1/g, (_m, _ticks, code: string) => keep(escapeHtml(code.trim())));
  t = t.replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, (_m, c: string) => keep(escapeHtml(c)));
  t = t.replace(/!\[[^\]]*\]\([^)]*\)/g, '');
  t = t.replace(/!\[[^\]]*\]\[[^\]]*\]/g, '');
  t = t.replace(/\[\^[^\]]+\]/g, '');
  t = t.replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1');
  t = t.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1');
  t = t.replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, '$1');
  t = t.replace(/<([^@>\s]+@[^>\s]+)>/g, '$1');
  t = t.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2');
  t = t.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1$2');
  t = t.replace(/(^|\W)_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2');
  t = t.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  // eslint-disable-next-line no-control-regex
  return t.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)] ?? '');
}
