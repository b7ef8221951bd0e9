// Title and metadata from the Dublin Core style property files of ZIP documents: OOXML
// docProps/core.xml, ODF meta.xml and the EPUB package (OPF) <metadata>. They share element names
// (dc:title, dc:creator, ...) under different prefixes, so elements are matched by local name.
import { Parser } from 'htmlparser2';

export interface DublinCore {
  title: string | null;
  metadata: Record<string, string>;
}

/** Local element name -> metadata key. Repeated elements (several creators) are joined. */
const fields: Readonly<Record<string, string>> = {
  title: 'title',
  creator: 'author',
  'initial-creator': 'author',
  subject: 'subject',
  description: 'description',
  language: 'language',
  keywords: 'keywords',
  keyword: 'keywords',
  created: 'created',
  'creation-date': 'created',
  modified: 'modified',
  date: 'date',
  publisher: 'publisher',
  generator: 'generator',
};

export function readDublinCore(xml: string): DublinCore {
  const values = new Map<string, string[]>();
  let current: string | null = null;
  let buf = '';
  const parser = new Parser(
    {
      onopentag(name) {
        const local = name.slice(name.indexOf(':') + 1).toLowerCase();
        current = fields[local] ?? null;
        buf = '';
      },
      ontext(text) {
        if (current) buf += text;
      },
      onclosetag() {
        const value = buf.replace(/\s+/g, ' ').trim();
        if (current && value) {
          const list = values.get(current) ?? [];
          if (!list.includes(value)) list.push(value);
          values.set(current, list);
        }
        current = null;
        buf = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  const metadata: Record<string, string> = {};
  for (const [key, list] of values) metadata[key] = list.join(key === 'keywords' ? ', ' : '; ');
  const title = metadata.title ?? null;
  delete metadata.title;
  return { title, metadata };
}
