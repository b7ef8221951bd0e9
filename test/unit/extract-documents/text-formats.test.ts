// Text-like formats in-thread: encoding detection, Markdown, HTML and RTF, on small inputs built
// for each edge case plus real files from ../shared/eval.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/main/engine/extract/documents/decode-text';
import { parseDocumentBuffer, type DocumentFormat, type ExtractedDocument } from '../../../src/main/engine/extract/documents';
import { GlimpseError } from '../../../src/shared/errors';
import { evalDir } from '../../helpers/paths';

const docs = join(evalDir, 'documents', 'unstructured-example-docs');
const bytes = (s: string | Buffer): Uint8Array => new Uint8Array(typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
const parse = (s: string | Buffer, format: DocumentFormat): Promise<ExtractedDocument> => parseDocumentBuffer(bytes(s), format);
const text = (d: ExtractedDocument): string => d.pages.map((p) => p.text).join('\n');

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(GlimpseError);
    return (err as GlimpseError).kind;
  }
}

describe('decodeText', () => {
  const sample = 'Crème brûlée – “quoted” €5, naïve façade';

  it('honours byte-order marks (UTF-8, UTF-16 LE/BE)', () => {
    expect(decodeText(bytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])))).toEqual({ text: sample, encoding: 'utf-8' });
    expect(decodeText(bytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')])))).toEqual({ text: sample, encoding: 'utf-16le' });
    expect(decodeText(bytes(iconv.encode(sample, 'utf-16be', { addBOM: true })))).toEqual({ text: sample, encoding: 'utf-16be' });
  });

  it('recognises BOM-less UTF-16 and plain UTF-8', () => {
    const long = `${sample}. The quick brown fox jumps over the lazy dog. `.repeat(4);
    expect(decodeText(bytes(Buffer.from(long, 'utf16le')))).toEqual({ text: long, encoding: 'utf-16le' });
    expect(decodeText(bytes(iconv.encode(long, 'utf-16be')))).toEqual({ text: long, encoding: 'utf-16be' });
    expect(decodeText(bytes(long)).encoding).toBe('utf-8');
  });

  it('decodes Windows-1252 / Latin-1 text that is not valid UTF-8', () => {
    const latin = 'Le cœur a ses raisons que la raison ne connaît point. Crème brûlée, naïve façade, “déjà vu” à 5 €. '.repeat(3);
    const out = decodeText(bytes(iconv.encode(latin, 'windows-1252')));
    expect(out.text).toBe(latin);
    expect(out.encoding).toBe('windows-1252');
  });

  it('decodes Cyrillic in windows-1251 and Japanese in Shift_JIS via detection', () => {
    const ru = 'Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью. '.repeat(3);
    expect(decodeText(bytes(iconv.encode(ru, 'windows-1251'))).text).toBe(ru);
    const ja = 'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。'.repeat(3);
    expect(decodeText(bytes(iconv.encode(ja, 'shift_jis'))).text).toBe(ja);
  });

  it('refuses binary data as corrupt', async () => {
    const binary = Buffer.alloc(2048);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    expect(await kindOf(parse(binary, 'text'))).toBe('corrupt');
  });
});

describe('Markdown', () => {
  it('reads front matter, strips syntax, drops images and HTML scripts, keeps code', async () => {
    const md = [
      '---',
      'title: "Apple Pie"',
      'date: 2021-05-13',
      "tags: ['dessert', 'pie']",
      'authors:',
      '  - Ann',
      '  - Bob',
      '---',
      '',
      '![Apple Pie](/pix/apple-pie.webp)',
      '',
      '## Ingredients',
      '',
      '- **900 g** golden _delicious_ apples',
      '- [ ] 15 g [lemon juice](https://example.com/lemon "Lemon")',
      '1. Peel &amp; cut `a < b`',
      '',
      '> Quoted *wisdom* \\*not emphasis\\*',
      '',
      '| Step | Time |',
      '|------|-----:|',
      '| Bake | 45 min |',
      '',
      '```js',
      'const x = "<b>kept</b>";',
      '```',
      '<script>alert("gone")</script>',
      '<div>Inline <em>html</em> text</div>',
      '{{< shortcode >}}',
      '[ref]: https://example.com',
    ].join('\n');
    const d = await parse(md, 'markdown');
    expect(d.title).toBe('Apple Pie');
    expect(d.metadata).toMatchObject({ date: '2021-05-13', tags: 'dessert, pie', authors: 'Ann, Bob' });
    const t = text(d);
    expect(t).toContain('Ingredients');
    expect(t).toContain('900 g golden delicious apples');
    expect(t).toContain('15 g lemon juice');
    expect(t).toContain('Peel & cut a < b');
    expect(t).toContain('Quoted wisdom *not emphasis*');
    expect(t).toContain('Bake 45 min');
    expect(t).toContain('const x = "<b>kept</b>";');
    expect(t).toContain('Inline html text');
    for (const gone of ['pix/apple-pie', 'webp', 'alert', '**', '##', '](', 'example.com', '{{', '---', '|']) expect(t).not.toContain(gone);
  });

  it('takes the first H1 as title when there is no front matter', async () => {
    const d = await parse('Intro line\n\n# The *Real* Title\n\nBody.', 'markdown');
    expect(d.title).toBe('The Real Title');
    expect(d.metadata).toEqual({});
  });

  it('reads a real recipe and the site index with its inline script', async () => {
    const recipes = join(evalDir, 'recipes-based-cooking', 'docs');
    const pie = await parseDocumentBuffer(new Uint8Array(readFileSync(join(recipes, 'apple-pie.md'))), 'markdown');
    expect(pie.title).toBe('Apple Pie');
    expect(pie.metadata.author).toBe('mfed3');
    expect(text(pie)).toContain('900 g (4-5) golden delicious apples');
    expect(text(pie)).not.toContain('apple-pie.webp');
    const index = await parseDocumentBuffer(new Uint8Array(readFileSync(join(recipes, '_index.md'))), 'markdown');
    expect(text(index)).toContain('What do you want to cook?');
    expect(text(index)).not.toMatch(/addEventListener|getElementsByClassName|Backspace/);
  });
});

describe('HTML', () => {
  it('keeps visible text only, decodes entities, reads title and meta', async () => {
    const html = `<!doctype html><html lang="fr"><head><title> Caf&eacute; menu </title>
      <meta name="description" content="Daily menu"><meta name="author" content="Zoë">
      <style>body { color: red }</style><script>var hidden = 1;</script></head>
      <body><noscript>Enable JS</noscript><h1>Menu&nbsp;du&nbsp;jour</h1><p>Soup &amp; bread<br>Tea</p><ul><li>one</li>
 <li>two<br><br>three</li></ul>
      <div hidden>secret</div><span style="display:none">ghost</span><template>tpl</template>
      <table><tr><td>Soup</td><td>4 &euro;</td></tr><tr><td>Tea</td><td>2 &#8364;</td></tr></table>
      <svg><title>icon</title><text>svg text</text></svg><p>End</p></body></html>`;
    const d = await parse(html, 'html');
    expect(d.title).toBe('Café menu');
    expect(d.metadata).toMatchObject({ description: 'Daily menu', author: 'Zoë', language: 'fr' });
    expect(d.pages[0]?.text).toBe('Menu du jour\n\nSoup & bread\nTea\n\none\ntwo\n\nthree\n\nSoup 4 €\nTea 2 €\n\nEnd');
  });

  it('uses the declared charset of a legacy page', async () => {
    const page = iconv.encode('<html><head><meta charset="windows-1251"><title>Привет</title></head><body>Мир</body></html>', 'windows-1251');
    const d = await parse(page, 'html');
    expect(d.title).toBe('Привет');
    expect(text(d)).toBe('Мир');
  });

  it('drops the scripts of a real page', async () => {
    const d = await parseDocumentBuffer(new Uint8Array(readFileSync(join(docs, 'example-with-scripts.html'))), 'html');
    expect(d.title).toContain('Russian Offensive Campaign Assessment');
    expect(text(d)).not.toMatch(/function\s*\(|\bvar\s+\w+\s*=|googletag|jQuery/);
  });
});

describe('RTF', () => {
  it('decodes \\u escapes, code-page bytes per font charset, fields and the info group', async () => {
    const rtf = [
      '{\\rtf1\\ansi\\ansicpg1252\\deff0',
      '{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}{\\f1\\fnil\\fcharset204 Arial Cyr;}}',
      '{\\colortbl;\\red255\\green0\\blue0;}',
      '{\\info{\\title Annual \\u8220?report\\u8221?}{\\author Zo\\\'eb}}',
      '{\\*\\generator Msftedit;}',
      '{\\header Page header}',
      '\\pard Caf\\\'e9 cr\\\'e8me \\uc1\\u8364\\\'805\\par',
      '{\\f1 \\\'cf\\\'f0\\\'e8\\\'e2\\\'e5\\\'f2}\\par',
      'Visit {\\field{\\*\\fldinst HYPERLINK "http://example.com"}{\\fldrslt the site}}.\\line Next line\\tab tabbed\\par',
      '{\\v hidden words}Shown {\\pict\\pngblip 89504e470d0a}after picture\\par',
      'Braces \\{ and \\} and backslash \\\\\\par',
      '}',
    ].join('\n');
    const d = await parse(rtf, 'rtf');
    expect(d.title).toBe('Annual “report”');
    expect(d.metadata.author).toBe('Zoë');
    expect(d.pages[0]?.text).toBe('Café crème €5\n\nПривет\n\nVisit the site.\nNext line tabbed\n\nShown after picture\n\nBraces { and } and backslash \\');
  });

  it('decodes double-byte code pages (Shift_JIS) split over escaped bytes', async () => {
    const rtf = String.raw`{\rtf1\ansi\ansicpg932\deff0{\fonttbl{\f0\fnil\fcharset128 MS Mincho;}{\f1\fswiss\fcharset0 Arial;}}\f0 \'93\'fa\'96\'7b\'8c\'ea\par\f1 English \'e9 here\par}`;
    const d = await parse(Buffer.from(rtf, 'latin1'), 'rtf');
    expect(d.pages[0]?.text).toBe('日本語\n\nEnglish é here');
  });

  it('reads the real multilingual RTF like its Markdown twin', async () => {
    const rtf = await parseDocumentBuffer(new Uint8Array(readFileSync(join(docs, 'language-docs', 'eng_spa_mult.rtf'))), 'rtf');
    const md = await parseDocumentBuffer(new Uint8Array(readFileSync(join(docs, 'language-docs', 'eng_spa_mult.md'))), 'markdown');
    const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
    expect(norm(text(rtf))).toBe(norm(text(md)));
    expect(text(rtf)).toContain('Todos los seres humanos nacen libres');
  });

  it('refuses something that is not RTF', async () => {
    expect(await kindOf(parse('just text', 'rtf'))).toBe('corrupt');
  });
});

describe('empty input', () => {
  it('is an empty document for text formats and corrupt for binary formats', async () => {
    for (const f of ['text', 'markdown', 'html'] as const) {
      expect(await parse('', f)).toEqual({ format: f, title: null, pages: [{ page: null, text: '' }], metadata: {} });
    }
    for (const f of ['pdf', 'docx', 'pptx', 'epub', 'odt', 'rtf'] as const) expect(await kindOf(parse('', f))).toBe('corrupt');
  });
});
