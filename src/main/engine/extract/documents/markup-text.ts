// Visible text of HTML/XHTML (web pages, EPUB chapters, mammoth's DOCX output, HTML inside Markdown)
// with htmlparser2's tokenizer: invisible subtrees (script, style, head, template, svg, hidden, ...)
// are dropped, entities decoded, block elements become line or paragraph breaks, and <title> plus
// the useful <meta> tags are collected on the way.
import { Parser } from 'htmlparser2';
import { tidyText } from './text-cleanup';

export interface MarkupText {
  text: string;
  title: string | null;
  metadata: Record<string, string>;
}

export interface MarkupOptions {
  /** XHTML (EPUB): honour self-closing tags like <a id="x"/>. */
  xhtml?: boolean;
  /** Keep the text's own line breaks (HTML fragments inside Markdown, where newlines are meaningful). */
  keepNewlines?: boolean;
}

/** Subtrees whose text is never visible on the page. */
const hiddenElements = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'canvas', 'select', 'datalist', 'audio', 'video', 'map']);
/** Elements that start a new paragraph (blank line around them). */
const paragraphElements = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'section', 'article',
  'header', 'footer', 'main', 'nav', 'aside', 'figure', 'form', 'fieldset', 'address', 'details', 'hr', 'body', 'html',
]);
/** Elements that start a new line. */
const lineElements = new Set(['br', 'li', 'div', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'legend', 'summary', 'option', 'center', 'thead', 'tbody', 'tfoot']);
/** Table cells: separated by a space so "a</td><td>b" does not become "ab". */
const cellElements = new Set(['td', 'th']);
const metaNames: Readonly<Record<string, string>> = {
  description: 'description',
  author: 'author',
  keywords: 'keywords',
  generator: 'generator',
  'dc.title': 'title',
  'dc.creator': 'author',
  'og:title': 'ogTitle',
  'og:description': 'description',
};

export function markupToText(markup: string, options: MarkupOptions = {}): MarkupText {
  const out: string[] = [];
  // Block boundaries are collected as a pending break level (1 = line, 2 = paragraph) and written
  // only before the next text, so </li><li> or </tr> <tr> make one line break, not a blank line.
  let pendingBreak = 0;
  const brk = (level: 1 | 2): void => {
    pendingBreak = Math.max(pendingBreak, level);
  };
  const emit = (t: string): void => {
    if (pendingBreak > 0) {
      if (!t.trim()) return;
      if (out.length > 0) out.push(pendingBreak === 2 ? '\n\n' : '\n');
      pendingBreak = 0;
    }
    out.push(t);
  };
  const metadata: Record<string, string> = {};
  let title: string | null = null;
  let titleBuf: string | null = null;
  // Depth inside hidden subtrees and inside <pre>; a stack of open tag names keeps them honest when
  // the parser closes elements implicitly.
  const stack: { name: string; hidden: boolean }[] = [];
  let hiddenDepth = 0;
  let preDepth = 0;
  let svgTitleDepth = 0;
  // Inside a table cell, paragraphs (DOCX cells are <td><p>..</p></td>) only separate words, so a
  // table row stays one line.
  let cellDepth = 0;

  const parser = new Parser(
    {
      onopentag(rawName, attrs) {
        const name = rawName.toLowerCase();
        if (name === 'title' && stack.some((e) => e.name === 'svg')) svgTitleDepth++;
        else if (name === 'title' && title === null) titleBuf = '';
        if (name === 'meta') {
          const key = (attrs.name ?? attrs.property ?? '').toLowerCase();
          const target = metaNames[key];
          const content = attrs.content?.trim();
          if (target && content && !(target in metadata)) metadata[target] = content;
        }
        if (name === 'html' && attrs.lang) metadata.language = attrs.lang;
        const hidden =
          hiddenElements.has(name) ||
          'hidden' in attrs ||
          attrs['aria-hidden'] === 'true' ||
          /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attrs.style ?? '');
        stack.push({ name, hidden });
        if (hidden) hiddenDepth++;
        if (name === 'pre') preDepth++;
        if (cellElements.has(name)) cellDepth++;
        if (hiddenDepth > 0) return;
        if (cellDepth > 0 && (paragraphElements.has(name) || lineElements.has(name)) && name !== 'table') emit(' ');
        else if (name === 'br') brk(pendingBreak >= 1 ? 2 : 1);
        else if (paragraphElements.has(name)) brk(2);
        else if (lineElements.has(name)) brk(1);
        else if (cellElements.has(name)) emit(' ');
      },
      ontext(text) {
        if (titleBuf !== null) {
          titleBuf += text;
          return;
        }
        if (hiddenDepth > 0 || svgTitleDepth > 0) return;
        emit(preDepth > 0 || options.keepNewlines ? text : text.replace(/\s+/g, ' '));
      },
      onclosetag(rawName) {
        const name = rawName.toLowerCase();
        if (name === 'title') {
          if (svgTitleDepth > 0) svgTitleDepth--;
          else if (titleBuf !== null) {
            title = titleBuf.replace(/\s+/g, ' ').trim() || null;
            titleBuf = null;
          }
        }
        // Pop up to and including the matching open element (the parser reports implied closes too).
        let at = stack.length - 1;
        while (at >= 0 && stack[at]?.name !== name) at--;
        if (at < 0) return;
        for (let i = stack.length - 1; i >= at; i--) {
          const e = stack[i];
          if (!e) continue;
          if (e.hidden) hiddenDepth--;
          if (e.name === 'pre') preDepth--;
          if (cellElements.has(e.name)) cellDepth--;
        }
        stack.length = at;
        if (hiddenDepth > 0) return;
        if (cellDepth > 0 && (paragraphElements.has(name) || lineElements.has(name)) && name !== 'table') emit(' ');
        else if (paragraphElements.has(name)) brk(2);
        else if (lineElements.has(name) && name !== 'br') brk(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: options.xhtml ?? false },
  );
  parser.write(markup);
  parser.end();
  return { text: tidyText(out.join('')), title, metadata };
}
