// Media by opaque catalog id: /media/<thumbnail|preview|original|page>/<id> in browser mode and
// glimpse://<kind>/<id> in Electron. Ids are plain positive integers; anything else (paths, dots,
// signs, huge numbers) is refused before the engine is asked. Shared by the HTTP server, the
// Electron protocol handler and the renderer's client, so all three name media the same way.

// 'page': the id is a document passage's; its page rendered as an image (engine/page-image.ts).
export const MEDIA_KINDS = ['thumbnail', 'preview', 'original', 'page'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export function isMediaKind(s: string): s is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(s);
}

/** A positive decimal integer that fits a JS safe integer, no leading zeros, signs or extras. */
export function parseMediaId(s: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Parses `/media/<kind>/<id>`; null for anything else. */
export function parseMediaPath(pathname: string): { kind: MediaKind; id: number } | null {
  const m = /^\/media\/([a-z]+)\/([^/]+)$/.exec(pathname);
  if (!m || !m[1] || !m[2]) return null;
  if (!isMediaKind(m[1])) return null;
  const id = parseMediaId(m[2]);
  return id === null ? null : { kind: m[1], id };
}
