// RTF -> text with a small control-word interpreter (no maintained RTF library exists for Node).
// It follows the RTF 1.9 rules that matter for text: groups, ignorable (\*) and known non-text
// destinations skipped, \uN with \ucN fallback skipping, \'hh bytes decoded in the code page of
// the current font's charset (so Cyrillic/CJK RTF decodes), hidden text (\v) dropped, fields keep
// their visible result only, and the \info group supplies title/author/subject/keywords.
import iconv from 'iconv-lite';
import { GlimpseError } from '../../../../shared/errors';
import { tidyText } from './text-cleanup';
import type { ExtractedDocument } from './types';

/** Destinations whose content is never document text. */
const SKIP_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'revtbl', 'rsidtbl', 'generator', 'xmlnstbl',
  'pict', 'object', 'objdata', 'fldinst', 'datafield', 'themedata', 'colorschememapping', 'latentstyles', 'datastore',
  'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr', 'footerf', 'filetbl', 'pgdsctbl',
  'bkmkstart', 'bkmkend', 'shpinst', 'nonshppict', 'mmathPr', 'pntxta', 'pntxtb', 'template', 'userprops', 'docvar',
]);
/** \info sub-destinations captured as metadata. */
const INFO_FIELDS: Readonly<Record<string, string>> = { title: 'title', author: 'author', subject: 'subject', keywords: 'keywords', company: 'company', doccomm: 'description' };
/** \fcharsetN -> Windows code page. */
const CHARSET_CODEPAGE: Readonly<Record<number, number>> = {
  0: 1252, 77: 10000, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255,
  178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250, 254: 437,
};
const SYMBOLS: Readonly<Record<string, string>> = {
  par: '\n\n', sect: '\n\n', page: '\n\n', line: '\n', row: '\n', cell: ' ', nestcell: ' ', tab: '\t', emdash: '—', endash: '–',
  emspace: ' ', enspace: ' ', qmspace: ' ', bullet: '•', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”', zwj: '', zwnj: '',
};

interface GroupState {
  skip: boolean;
  hidden: boolean;
  uc: number;
  font: number | null;
  /** Metadata key while inside an \info field, else null (body text). */
  field: string | null;
  inInfo: boolean;
  inFontTable: boolean;
}

export function parseRtf(buf: Uint8Array): ExtractedDocument {
  // RTF is 7-bit; latin1 maps each byte to one char so \binN lengths stay byte-exact.
  const src = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
  if (!/^\s*\{\\rtf/.test(src.slice(0, 64))) throw new GlimpseError('corrupt', 'not a valid RTF document: it does not start with {\\rtf');

  let defaultCp = 1252;
  let defaultFont: number | null = null;
  const fontCp = new Map<number, number>();
  let pendingFont: number | null = null;
  const body: string[] = [];
  const info: Record<string, string> = {};
  let bytes: number[] = [];
  let ucSkip = 0;
  let state: GroupState = { skip: false, hidden: false, uc: 1, font: null, field: null, inInfo: false, inFontTable: false };
  const stack: GroupState[] = [];
  let groupStart = false;

  const codepage = (): number => fontCp.get(state.font ?? defaultFont ?? -1) ?? defaultCp;
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    const cp = codepage();
    const enc = iconv.encodingExists(`cp${cp}`) ? `cp${cp}` : 'cp1252';
    write(iconv.decode(Buffer.from(bytes), enc));
    bytes = [];
  };
  const write = (s: string): void => {
    if (state.skip || state.hidden) return;
    if (state.field) info[state.field] = (info[state.field] ?? '') + s;
    else if (!state.inInfo && !state.inFontTable) body.push(s);
  };
  const text = (s: string): void => {
    if (ucSkip > 0) {
      ucSkip--;
      return;
    }
    flushBytes();
    write(s);
  };

  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i] as string;
    if (ch === '{') {
      flushBytes();
      stack.push(state);
      state = { ...state };
      groupStart = true;
      ucSkip = 0;
      i++;
      continue;
    }
    if (ch === '}') {
      flushBytes();
      if (state.inFontTable && pendingFont !== null) pendingFont = null;
      state = stack.pop() ?? state;
      groupStart = false;
      ucSkip = 0;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    if (ch !== '\\') {
      groupStart = false;
      // Plain text run up to the next special character.
      let j = i;
      while (j < n && src[j] !== '\\' && src[j] !== '{' && src[j] !== '}' && src[j] !== '\r' && src[j] !== '\n') j++;
      let run = src.slice(i, j);
      if (ucSkip > 0) {
        const drop = Math.min(ucSkip, run.length);
        run = run.slice(drop);
        ucSkip -= drop;
      }
      if (run) {
        flushBytes();
        // Bytes above 0x7F written raw (non-conforming but common) are in the document code page.
        write(/[\x80-\xff]/.test(run) ? iconv.decode(Buffer.from(run, 'latin1'), `cp${codepage()}`) : run);
      }
      i = j;
      continue;
    }
    // Backslash: control symbol or control word.
    const next = src[i + 1] ?? '';
    if (!/[a-zA-Z]/.test(next)) {
      i += 2;
      if (next === "'") {
        const hex = src.slice(i, i + 2);
        i += 2;
        if (ucSkip > 0) ucSkip--;
        else if (/^[0-9a-fA-F]{2}$/.test(hex) && !state.skip && !state.hidden) bytes.push(parseInt(hex, 16));
      } else if (next === '*') {
        state.skip = true;
      } else if (next === '\\' || next === '{' || next === '}') text(next);
      else if (next === '~') text('\u00a0');
      else if (next === '_') text('\u2011');
      else if (next === '\n' || next === '\r') text('\n\n');
      // '\-' (optional hyphen) and anything else: nothing to show.
      groupStart = false;
      continue;
    }
    let j = i + 1;
    while (j < n && j - i <= 33 && /[a-zA-Z]/.test(src[j] as string)) j++;
    const word = src.slice(i + 1, j);
    let k = j;
    if (src[k] === '-' || /[0-9]/.test(src[k] ?? '')) {
      k++;
      while (k < n && k - j <= 11 && /[0-9]/.test(src[k] as string)) k++;
    }
    const param = k > j ? Number(src.slice(j, k)) : null;
    if (src[k] === ' ') k++;
    i = k;
    const first = groupStart;
    groupStart = false;

    if (word === 'bin') {
      i += Math.max(0, param ?? 0);
      continue;
    }
    if (word === 'u' && param !== null) {
      if (ucSkip > 0) ucSkip = 0;
      flushBytes();
      write(String.fromCharCode(param < 0 ? param + 65536 : param));
      ucSkip = state.uc;
      continue;
    }
    // Any other control word ends a pending \u fallback (the spec counts only characters).
    if (word !== "'") ucSkip = 0;
    if (first && SKIP_DESTINATIONS.has(word)) {
      if (word === 'fonttbl') {
        state.inFontTable = true;
      } else {
        state.skip = true;
      }
      continue;
    }
    if (word === 'info') {
      state.inInfo = true;
      continue;
    }
    if (state.inInfo && first && INFO_FIELDS[word]) {
      state.field = INFO_FIELDS[word] ?? null;
      continue;
    }
    if (state.inFontTable) {
      if (word === 'f' && param !== null) pendingFont = param;
      else if (word === 'fcharset' && param !== null && pendingFont !== null) {
        const cp = CHARSET_CODEPAGE[param];
        if (cp) fontCp.set(pendingFont, cp);
      } else if (word === 'cpg' && param !== null && pendingFont !== null) fontCp.set(pendingFont, param);
      continue;
    }
    switch (word) {
      case 'ansicpg':
        if (param) defaultCp = param;
        break;
      case 'mac':
        defaultCp = 10000;
        break;
      case 'pc':
        defaultCp = 437;
        break;
      case 'pca':
        defaultCp = 850;
        break;
      case 'deff':
        defaultFont = param;
        break;
      case 'f':
        flushBytes();
        state.font = param;
        break;
      case 'uc':
        state.uc = Math.max(0, param ?? 1);
        break;
      case 'v':
        flushBytes();
        state.hidden = param !== 0;
        break;
      case 'plain':
        flushBytes();
        state.hidden = false;
        break;
      default: {
        const symbol = SYMBOLS[word];
        if (symbol !== undefined) text(symbol);
      }
    }
  }
  flushBytes();

  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(info)) {
    const v = value.replace(/\s+/g, ' ').trim();
    if (v && key !== 'title') metadata[key] = v;
  }
  const title = info.title?.replace(/\s+/g, ' ').trim() || null;
  return { format: 'rtf', title, pages: [{ page: null, text: tidyText(body.join('')) }], metadata };
}
