// A document's own metadata: title, author and keywords/tags as its format declares them (front
// matter, PDF info/XMP, core.xml, <meta>, ...). Stored per content (migration 5); a trigger copies
// them into the file's keyword row, and search results show the title instead of the file name.
import type { Statements } from './statements';

export interface DocMetaInput {
  title: string | null;
  author?: string | null;
  keywords?: string | null;
}

export interface DocMetaRow {
  contentId: number;
  title: string | null;
  author: string | null;
  keywords: string | null;
}

/** Picks author and keywords/tags out of an extractor's free-form metadata record. */
export function docMetaFrom(title: string | null, metadata: Record<string, string> | undefined): DocMetaInput {
  const m = metadata ?? {};
  const pick = (...keys: string[]): string | null => {
    const vals = keys.map((k) => m[k]?.trim()).filter((v): v is string => !!v);
    return vals.length ? [...new Set(vals)].join(', ').slice(0, 2000) : null;
  };
  return { title: title?.trim().slice(0, 1000) || null, author: pick('author', 'authors'), keywords: pick('tags', 'keywords', 'categories', 'subject') };
}

export class DocMetas {
  constructor(private readonly s: Statements) {}

  /** Sets (or, when everything is empty, removes) the metadata of a content. */
  set(contentId: number, meta: DocMetaInput): void {
    const title = meta.title || null;
    const author = meta.author || null;
    const keywords = meta.keywords || null;
    if (!title && !author && !keywords) {
      this.s.get<[number]>('DELETE FROM doc_meta WHERE content_id = ?').run(contentId);
      return;
    }
    this.s
      .get<[number, string | null, string | null, string | null]>(
        `INSERT INTO doc_meta(content_id, title, author, keywords) VALUES (?, ?, ?, ?)
         ON CONFLICT(content_id) DO UPDATE SET title = excluded.title, author = excluded.author, keywords = excluded.keywords
         WHERE title IS NOT excluded.title OR author IS NOT excluded.author OR keywords IS NOT excluded.keywords`,
      )
      .run(contentId, title, author, keywords);
  }

  get(contentId: number): DocMetaRow | undefined {
    return this.s
      .get<[number], DocMetaRow>('SELECT content_id AS contentId, title, author, keywords FROM doc_meta WHERE content_id = ?')
      .get(contentId);
  }
}
