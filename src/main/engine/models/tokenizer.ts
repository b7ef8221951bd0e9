// Text tokenisation for a pack's text tower, with the tokenizer.json implementation of
// @huggingface/tokenizers. CLIP towers take exactly context_length ids: the tokenizer adds
// start/end tokens, we truncate keeping the end token last (the tower pools at the end token) and
// pad with the pack's pad token (CLIP: <|endoftext|>; M-CLIP/XLM-R: <pad>, with an attention mask).
// Text is cleaned first as the pack expects (text-clean.ts), and NLLB packs get their language code.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { GlimpseError } from '../../../shared/errors';
import { floresFor, systemLanguage } from './nllb-language';
import { cleanText, type TextCleanMode } from './text-clean';

export interface TokenizerFiles {
  tokenizerJsonPath: string;
  tokenizerConfigPath: string | null;
  specialTokensMapPath: string | null;
}

export interface EncodedBatch {
  /** Row-major [n, contextLength]. */
  ids: Int32Array;
  /** 1 for real tokens, 0 for padding; same layout. */
  attentionMask: Int32Array;
  /** Real (unpadded) length of each row. */
  lengths: number[];
}

type SpecialToken = string | { content: string };

export interface TextPreparation {
  /** Cleaning the pack expects ('canonicalize': SigLIP). */
  clean?: TextCleanMode;
  /** Prefix a FLORES-200 language code (NLLB packs). */
  nllb?: boolean;
  /** The user's language for NLLB prefixes (default: systemLanguage()). */
  language?: string;
}

function tokenContent(t: unknown): string | null {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { content?: unknown }).content === 'string') return (t as { content: string }).content;
  return null;
}

export class TextTokenizer {
  readonly contextLength: number;
  readonly padId: number;
  readonly endId: number | null;
  private readonly tokenizer: Tokenizer;
  private readonly prep: TextPreparation;

  private constructor(tokenizer: Tokenizer, contextLength: number, padId: number, endId: number | null, prep: TextPreparation) {
    this.tokenizer = tokenizer;
    this.prep = prep;
    this.contextLength = contextLength;
    this.padId = padId;
    this.endId = endId;
  }

  static load(files: TokenizerFiles, contextLength: number, prep: TextPreparation = {}): TextTokenizer {
    let json: Record<string, unknown>;
    let config: Record<string, unknown> = {};
    let specials: Record<string, SpecialToken> = {};
    try {
      json = JSON.parse(readFileSync(files.tokenizerJsonPath, 'utf8'));
      if (files.tokenizerConfigPath) config = JSON.parse(readFileSync(files.tokenizerConfigPath, 'utf8'));
      if (files.specialTokensMapPath) specials = JSON.parse(readFileSync(files.specialTokensMapPath, 'utf8'));
    } catch (err) {
      throw new GlimpseError('model-invalid', `tokenizer files are unreadable: ${(err as Error).message}`);
    }
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (err) {
      throw new GlimpseError('model-invalid', `tokenizer.json could not be loaded: ${(err as Error).message}`);
    }
    const lookup = (t: unknown): number | null => {
      const c = tokenContent(t);
      if (c === null) return null;
      const id = tokenizer.token_to_id(c);
      return id === undefined ? null : id;
    };
    const padFromJson = (json.padding as { pad_id?: number } | null | undefined)?.pad_id;
    const padId = lookup(config.pad_token) ?? lookup(specials.pad_token) ?? (typeof padFromJson === 'number' ? padFromJson : null) ?? lookup(config.eos_token) ?? 0;
    const endId = lookup(config.eos_token) ?? lookup(specials.eos_token) ?? lookup(config.sep_token) ?? null;
    return new TextTokenizer(tokenizer, contextLength, padId, endId, prep);
  }

  /** The text as the model reads it: cleaned, and for NLLB packs led by its FLORES-200 code. */
  prepare(text: string, language?: string): string {
    const cleaned = cleanText(text, this.prep.clean ?? null);
    if (!this.prep.nllb) return cleaned;
    return floresFor(cleaned, language ?? this.prep.language ?? systemLanguage()) + cleaned;
  }

  /** Token ids with start/end tokens, untruncated. */
  encodeRaw(text: string, language?: string): number[] {
    return this.tokenizer.encode(this.prepare(text, language)).ids;
  }

  /** Number of tokens the text takes, including start/end tokens (for chunk sizing). */
  countTokens(text: string): number {
    return this.encodeRaw(text).length;
  }

  /** Ids truncated to contextLength (end token kept last) and padded with the pad id. */
  encode(text: string, language?: string): { ids: number[]; length: number } {
    let ids = this.encodeRaw(text, language);
    const L = this.contextLength;
    if (ids.length > L) {
      const last = ids[ids.length - 1]!;
      const keepEnd = this.endId !== null && last === this.endId;
      ids = keepEnd ? [...ids.slice(0, L - 1), last] : ids.slice(0, L);
    }
    const length = ids.length;
    while (ids.length < L) ids.push(this.padId);
    return { ids, length };
  }

  encodeBatch(texts: string[], language?: string): EncodedBatch {
    const L = this.contextLength;
    const ids = new Int32Array(texts.length * L);
    const attentionMask = new Int32Array(texts.length * L);
    const lengths: number[] = [];
    texts.forEach((t, row) => {
      const e = this.encode(t, language);
      ids.set(e.ids, row * L);
      attentionMask.fill(1, row * L, row * L + e.length);
      lengths.push(e.length);
    });
    return { ids, attentionMask, lengths };
  }
}
