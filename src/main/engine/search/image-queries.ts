// Queries that start from an image (ImageRef): by catalog id (its stored vector: no inference),
// by path (only inside a watched folder: the API never opens arbitrary paths), or by raw bytes (a
// dropped or pasted image). Also explanations, which need the image itself.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import type { ExplainResponse, ImageRef, ParsedInput } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import type { Catalog } from '../catalog';
import type { Library } from '../ingest/library';
import type { ActiveModel } from '../active-model';
import { dhash } from '../extract/image';
import { toExplainResponse } from '../explain/response';

type ExplainRequestParsed = ParsedInput<'explain'>;

const MAX_BYTES = 48 * 1024 * 1024;

export class ImageQueries {
  constructor(
    private readonly catalog: Catalog,
    private readonly runtime: ActiveModel | null,
    private readonly library: Library,
  ) {}

  private requireModel(): ActiveModel {
    if (!this.runtime) throw new GlimpseError('model-missing', 'no model pack installed: image search needs one (keyword search still works)');
    return this.runtime;
  }

  /** The image a ref points at, as a path or bytes we are allowed to read. */
  async source(ref: ImageRef): Promise<{ input: string | Buffer; contentId: number | null }> {
    if ('fileId' in ref) {
      const f = this.catalog.files.get(ref.fileId);
      if (!f) throw new GlimpseError('not-found', `no file with id ${ref.fileId}`);
      if (f.kind !== 'image') throw new GlimpseError('bad-request', `file ${ref.fileId} is not an image`);
      if (!this.library.folderContaining(f.path)) throw new GlimpseError('forbidden', 'file is outside the watched folders');
      return { input: f.path, contentId: f.contentId };
    }
    if ('path' in ref) {
      const abs = resolve(ref.path);
      if (!this.library.folderContaining(abs)) throw new GlimpseError('forbidden', `refusing ${abs}: not inside a watched folder`);
      if (!existsSync(abs) || !statSync(abs).isFile()) throw new GlimpseError('not-found', `no such file: ${abs}`);
      const known = this.catalog.files.getByPath(abs);
      return { input: abs, contentId: known?.contentId ?? null };
    }
    const bytes = Buffer.from(ref.bytesBase64, 'base64');
    if (bytes.length === 0) throw new GlimpseError('bad-request', 'image bytes are empty or not base64');
    if (bytes.length > MAX_BYTES) throw new GlimpseError('too-large', `image is larger than ${MAX_BYTES / 1e6} MB`);
    try {
      await sharp(bytes, { failOn: 'none' }).metadata();
    } catch {
      throw new GlimpseError('corrupt', 'the dropped data is not an image Glimpse can read');
    }
    return { input: bytes, contentId: null };
  }

  async embeddingOf(ref: ImageRef): Promise<Float32Array> {
    const rt = this.requireModel();
    const { input, contentId } = await this.source(ref);
    if (contentId !== null) {
      const stored = this.catalog.vectors.getImage(rt.pack.name, contentId);
      if (stored) return Float32Array.from(stored);
    }
    const [v] = await rt.embedder.embedImages([input]);
    return v!;
  }

  /** Perceptual hash of the image a ref points at (stored for catalog images, computed otherwise). */
  async dhashOf(ref: ImageRef): Promise<string | null> {
    const { input, contentId } = await this.source(ref);
    if (contentId !== null) {
      const stored = this.catalog.imageMeta.dhash(contentId);
      if (stored) return stored;
    }
    try {
      return await dhash(input);
    } catch {
      return null;
    }
  }

  async explain(req: ExplainRequestParsed): Promise<ExplainResponse> {
    const rt = this.requireModel();
    const target = await this.source(req.fileId !== undefined ? { fileId: req.fileId } : req.target!);
    const query = req.query !== undefined ? { text: req.query } : { embedding: await this.embeddingOf(req.queryImage!) };
    const r = await rt.explainer().explainMatch({
      target: target.input,
      contentId: target.contentId !== null ? String(target.contentId) : undefined,
      query,
      method: req.method,
    });
    return toExplainResponse(r);
  }
}
