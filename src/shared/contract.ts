// The API contract between the engine and every front end (Electron IPC, HTTP browser mode, CLI).
// Zod schemas are the single source of truth: inputs crossing a boundary are parsed with them and
// the TypeScript types are inferred from them. Pure TS: no node:, no electron, no DOM.
import { z } from 'zod';

export const ErrorKind = z.enum([
  'bad-request',
  'not-found',
  'forbidden',
  'unauthorized',
  'unsupported',
  'corrupt',
  'password-protected',
  'too-large',
  'timeout',
  'model-missing',
  'model-invalid',
  'download-failed',
  'io',
  'cancelled',
  /** Another process owns the library (data dir lock): wait for it or talk to it. */
  'busy',
  /** What was asked for exists already (a folder already watched as part of another). */
  'already-exists',
  'internal',
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

export const ErrorBody = z.object({ kind: ErrorKind, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const FileKind = z.enum(['image', 'document']);
export type FileKind = z.infer<typeof FileKind>;

export const FileStatus = z.enum(['queued', 'indexed', 'failed', 'skipped']);
export type FileStatus = z.infer<typeof FileStatus>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const SearchFilters = z
  .object({
    type: z.enum(['image', 'document', 'all']).default('all'),
    folder: z.string().min(1).optional(),
    after: IsoDate.optional(),
    before: IsoDate.optional(),
    hasGps: z.boolean().optional(),
    camera: z.string().min(1).optional(),
    /** Leave out files whose name, metadata or text (document, OCR) holds any of these words (query chips: "-word"). */
    exclude: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  })
  .strict();
export type SearchFilters = z.infer<typeof SearchFilters>;

export const SearchRequest = z
  .object({
    query: z.string().trim().min(1, 'query is empty').max(2000),
    filters: SearchFilters.default({ type: 'all' }),
    sort: z.enum(['relevance', 'date']).default('relevance'),
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(1).max(500).default(50),
    /** Include results the relevance cut-off marked as noise (the UI's "more"). */
    includeBelowCutoff: z.boolean().default(false),
    /**
     * List every file passing the filters, newest first, instead of searching the query's words
     * (a query of chips alone: "2019", "last summer -blurry"). Results are matchedBy ['filters'].
     */
    filtersOnly: z.boolean().optional(),
  })
  .strict();
export type SearchRequest = z.input<typeof SearchRequest>;

/** How a result matched: embedding similarity, keyword index, or perceptual-hash near-duplicate. */
export const MatchSource = z.enum(['vector', 'keyword', 'duplicate', 'filters']);

export const SearchHit = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  /** The document's own title (front matter, PDF/DOCX metadata, <title>); show it instead of the name when set. */
  title: z.string().nullable().optional(),
  kind: FileKind,
  score: z.number(),
  takenAt: z.string().nullable(),
  width: z.number().nullable().optional(),
  height: z.number().nullable().optional(),
  camera: z.string().nullable().optional(),
  lat: z.number().nullable().optional(),
  lon: z.number().nullable().optional(),
  page: z.number().int().nullable().optional(),
  snippet: z.string().nullable().optional(),
  matchedBy: z.array(MatchSource),
  belowCutoff: z.boolean().optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResponse = z.object({
  results: z.array(SearchHit),
  /** Number of results above the cut-off (all pages): every keyword match plus the vector matches above it. */
  total: z.number().int(),
  /** Results folded under "more" by the relevance cut-off. */
  belowCutoff: z.number().int(),
  /** Of `total`, how many are photos and how many documents (the per-type counts; they add up to it). */
  counts: z.object({ image: z.number().int(), document: z.number().int() }).optional(),
  /** Of `belowCutoff`, how many are photos and how many documents. */
  belowCounts: z.object({ image: z.number().int(), document: z.number().int() }).optional(),
  page: z.number().int(),
  tookMs: z.number(),
  timings: z.record(z.string(), z.number()).optional(),
  /** Said when the results are keyword-only because the chosen model cannot be used (status.modelProblem). */
  warning: z.string().optional(),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

/** An image given by catalog id, by path (CLI only: checked against watched folders), or by bytes. */
export const ImageRef = z.union([
  z.object({ fileId: z.number().int().positive() }).strict(),
  z.object({ path: z.string().min(1) }).strict(),
  z.object({ bytesBase64: z.string().min(1).max(64 * 1024 * 1024) }).strict(),
]);
export type ImageRef = z.infer<typeof ImageRef>;

export const SimilarRequest = z
  .object({
    image: ImageRef,
    /** Words that refine the image query ("this photo + at night"): the image and text embeddings are summed (normalised). */
    text: z.string().trim().min(1).max(2000).optional(),
    k: z.number().int().min(1).max(500).default(50),
    filters: SearchFilters.default({ type: 'image' }),
    /** Include the look-alikes below the relevance cut-off (the UI's "weaker matches"). */
    includeBelowCutoff: z.boolean().default(false),
  })
  .strict();
export type SimilarRequest = z.input<typeof SimilarRequest>;

export const RelatedRequest = z
  .object({ image: ImageRef, k: z.number().int().min(1).max(200).default(20) })
  .strict();
export type RelatedRequest = z.input<typeof RelatedRequest>;

export const RelatedHit = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  kind: z.literal('document'),
  score: z.number(),
  page: z.number().int().nullable(),
  passage: z.string(),
});
export type RelatedHit = z.infer<typeof RelatedHit>;

export const RelatedResponse = z.object({ results: z.array(RelatedHit), tookMs: z.number() });
export type RelatedResponse = z.infer<typeof RelatedResponse>;

export const ExplainMethod = z.enum(['auto', 'occlusion', 'patch']);
export const ExplainRequest = z
  .object({
    /** Text query, or an image (image -> image explanations). Exactly one. */
    query: z.string().trim().min(1).max(2000).optional(),
    queryImage: ImageRef.optional(),
    /** The image to explain: a catalog file, or (CLI) any image by path or bytes. Exactly one of fileId and target. */
    fileId: z.number().int().positive().optional(),
    target: ImageRef.optional(),
    method: ExplainMethod.default('auto'),
  })
  .strict()
  .refine((r) => (r.query === undefined) !== (r.queryImage === undefined), 'give exactly one of query or queryImage')
  .refine((r) => (r.fileId === undefined) !== (r.target === undefined), 'give exactly one of fileId or target');
export type ExplainRequest = z.input<typeof ExplainRequest>;

export const ExplainResponse = z.object({
  method: z.enum(['occlusion', 'patch']),
  grid: z.array(z.array(z.number())),
  width: z.number().int(),
  height: z.number().int(),
  /** PNG overlay (heatmap with alpha), sized to the image, base64. */
  overlayPngBase64: z.string(),
  cached: z.boolean(),
  tookMs: z.number(),
});
export type ExplainResponse = z.infer<typeof ExplainResponse>;

export const Folder = z.object({ id: z.number().int(), path: z.string(), addedAt: z.string(), files: z.number().int() });
export type Folder = z.infer<typeof Folder>;

export const FolderPathRequest = z.object({ path: z.string().min(1).max(4096) }).strict();
export type FolderPathRequest = z.infer<typeof FolderPathRequest>;

/** foldersAdd: `scan` 'background' (default: the call returns at once), 'wait' (returns after the walk has queued every file; the CLI), 'none'. */
export const FolderAddRequest = z.object({ path: z.string().min(1).max(4096), scan: z.enum(['background', 'wait', 'none']).default('background') }).strict();
export type FolderAddRequest = z.input<typeof FolderAddRequest>;

export const FileError = z.object({
  path: z.string(),
  kind: ErrorKind,
  message: z.string(),
  at: z.string().optional(),
  /** The catalog file (open, reveal, retry, ignore by id); absent for a file the catalog does not hold. */
  fileId: z.number().int().optional(),
});
export type FileError = z.infer<typeof FileError>;

/**
 * The OCR pass (text in images, scanned document pages), which runs after embedding and can take
 * minutes on a large library: what is waiting, what this run read, and the pages that failed.
 */
export const OcrProgress = z.object({
  /** Images not read yet. */
  pendingImages: z.number().int(),
  /** Pages of scanned documents not read yet, and the documents they belong to. */
  pendingPages: z.number().int(),
  pendingDocuments: z.number().int(),
  /** Document pages read so far (all time): with text, without any, could not be read. */
  readPages: z.number().int(),
  noTextPages: z.number().int(),
  failedPages: z.number().int(),
  /** OCR passages still to be embedded for the active model. */
  pendingPassageVectors: z.number().int(),
  /** Read by this run of the engine. */
  doneImages: z.number().int(),
  donePages: z.number().int(),
  running: z.boolean(),
  /** What is being read now ("scan.pdf (page 3)"), null when idle. */
  current: z.string().nullable(),
});
export type OcrProgress = z.infer<typeof OcrProgress>;

export const Progress = z.object({
  queued: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  ratePerSec: z.number(),
  etaSeconds: z.number().nullable(),
  paused: z.boolean(),
  current: z.string().nullable(),
  /** The OCR pass; absent when OCR is off. */
  ocr: OcrProgress.optional(),
});
export type Progress = z.infer<typeof Progress>;

export const ModelSummary = z.object({ name: z.string(), dim: z.number().int(), family: z.string() });

/**
 * Folder watching. 'events': the OS watcher covers every folder; 'partial': the OS refused some
 * watches (Linux inotify limit, ENOSPC), those folders are rescanned every `rescanEverySeconds`
 * and `fix` is the command that raises the limit; 'off': this engine does not watch.
 */
export const WatchStatus = z.object({
  state: z.enum(['off', 'events', 'partial']),
  unwatchedFolders: z.number().int(),
  rescanEverySeconds: z.number().nullable(),
  lastRescanAt: z.string().nullable(),
  /** The system's watch limit (Linux max_user_watches), null where unknown. */
  limit: z.number().int().nullable(),
  fix: z.string().nullable(),
  message: z.string().nullable(),
});
export type WatchStatus = z.infer<typeof WatchStatus>;

export const StatusResponse = z.object({
  files: z.object({ indexed: z.number().int(), failed: z.number().int(), queued: z.number().int(), skipped: z.number().int() }),
  byKind: z.record(z.string(), z.number().int()).optional(),
  model: ModelSummary.nullable(),
  provider: z.string().nullable(),
  /** Why a GPU (or other better provider) is not in use: it failed to start or its self-test; null when none fell back. */
  providerFallbackReason: z.string().nullable().optional(),
  /** Why the library has no model although one was chosen (pack missing, incomplete or broken): search is keyword-only. */
  modelProblem: z.string().nullable().optional(),
  folders: z.array(Folder),
  lastErrors: z.array(FileError),
  /** Problems the user chose to ignore (not in lastErrors, not counted). */
  ignoredProblems: z.number().int().optional(),
  progress: Progress,
  /**
   * Files under watched folders that are not indexed and why (unsupported type, link out of the
   * watched folders, undecodable name, empty document, too large, ...): every file is accounted for.
   */
  notIndexed: z.array(z.object({ reason: z.string(), count: z.number().int(), examples: z.array(z.string()) })).optional(),
  /** Folder watching, and what the OS watch limit left to periodic rescans. */
  watch: WatchStatus.optional(),
  /**
   * Documents indexed before their titles were kept, being read again in the background for their
   * title, author and tags (read so far, left, of them with a title); absent once all were read.
   */
  titles: z.object({ read: z.number().int(), left: z.number().int(), titled: z.number().int() }).optional(),
});
export type StatusResponse = z.infer<typeof StatusResponse>;

export const ModelInfo = z.object({
  name: z.string(),
  family: z.string(),
  dim: z.number().int(),
  sizeMB: z.number(),
  languages: z.array(z.string()),
  description: z.string(),
  installed: z.boolean(),
  inUse: z.boolean(),
  isDefault: z.boolean(),
  /** The pack the first-run choice recommends for this system's language, and why. */
  recommended: z.boolean().optional(),
  recommendedReason: z.string().nullable().optional(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const ModelNameRequest = z.object({ name: z.string().min(1).max(200).regex(/^[A-Za-z0-9._-]+$/, 'invalid model name') }).strict();
export const ModelImportRequest = z.object({ dir: z.string().min(1), name: z.string().min(1).max(200).regex(/^[A-Za-z0-9._-]+$/).optional() }).strict();

export const ModelRemoved = z.object({ name: z.string(), packRemoved: z.boolean(), vectorsRemoved: z.number().int(), indexFilesRemoved: z.number().int(), wasActive: z.boolean() });
export type ModelRemoved = z.infer<typeof ModelRemoved>;

export const DownloadProgress = z.object({ model: z.string(), file: z.string(), received: z.number(), total: z.number().nullable(), done: z.boolean() });
export type DownloadProgress = z.infer<typeof DownloadProgress>;

export const FileInfoRequest = z.object({ fileId: z.number().int().positive() }).strict();
export const FileInfo = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  kind: FileKind,
  status: FileStatus,
  size: z.number(),
  mtime: z.string(),
  takenAt: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  camera: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  error: ErrorBody.nullable(),
  /** Images: the text read from it (OCR), line by line with its polygon in the oriented image's pixels. */
  textInImage: z.array(z.object({ text: z.string(), box: z.array(z.tuple([z.number(), z.number()])).nullable() })).optional(),
});
export type FileInfo = z.infer<typeof FileInfo>;

/** duplicates: groups of the same photo (same bytes, or perceptual hashes within maxBits), biggest first, paged. */
export const DuplicateGroupsRequest = z
  .object({ page: z.number().int().min(0).default(0), pageSize: z.number().int().min(1).max(200).default(50) })
  .strict()
  .default({ page: 0, pageSize: 50 });
export const DuplicateFile = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  size: z.number(),
  takenAt: z.string().nullable(),
  mtime: z.string(),
  /** Bits of the perceptual hash that differ from the keeper's (0: the same picture). */
  distance: z.number().int(),
});
export const DuplicateGroup = z.object({
  /** The suggested keeper (largest resolution, then oldest); files[0]. */
  keeperId: z.number().int(),
  /** Every file of the group has the same bytes. */
  sameBytes: z.boolean(),
  files: z.array(DuplicateFile),
});
export const DuplicateGroupsResponse = z.object({
  groups: z.array(DuplicateGroup),
  /** Exact counts over the whole library (all pages). */
  totalGroups: z.number().int(),
  totalFiles: z.number().int(),
  /** Files beyond each group's keeper, and their bytes. */
  redundantFiles: z.number().int(),
  redundantBytes: z.number(),
  page: z.number().int(),
  maxBits: z.number().int(),
  tookMs: z.number(),
});
export type DuplicateGroupsResponse = z.infer<typeof DuplicateGroupsResponse>;

const Empty = z.object({}).strict().default({});
const Ok = z.object({ ok: z.literal(true) });

/** documentPassages: a document's passages in reading order (the preview's context and "next match"). */
export const DocumentPassagesRequest = z.object({ fileId: z.number().int().positive() }).strict();
export const DocumentPassages = z.object({
  fileId: z.number().int(),
  /** `id` is also the opaque id of the passage's page image (media kind 'page'), when it has a page. */
  passages: z.array(z.object({ id: z.number().int(), page: z.number().int().nullable(), text: z.string() })),
  /** More passages than sent. */
  truncated: z.boolean(),
  /** Pages of this document can be shown as images (PDF). */
  pageImages: z.boolean(),
});
export type DocumentPassages = z.infer<typeof DocumentPassages>;

/** problemRetry: index a failed file again (and its unreadable scanned pages). */
export const ProblemRetryRequest = z.object({ fileId: z.number().int().positive() }).strict();
/** problemIgnore: hide one file's problems (persisted), show them again, or show every ignored one again (`all`). */
export const ProblemIgnoreRequest = z
  .object({ fileId: z.number().int().positive().optional(), ignored: z.boolean().default(true), all: z.boolean().optional() })
  .strict()
  .refine((r) => (r.fileId !== undefined) !== (r.all === true), 'give a fileId, or all: true');

/** Every call of the contract: input schema and output schema. IPC, HTTP and preload derive from this. */
export const Calls = {
  search: { input: SearchRequest, output: SearchResponse },
  similar: { input: SimilarRequest, output: SearchResponse },
  related: { input: RelatedRequest, output: RelatedResponse },
  /** Duplicate groups over the library (perceptual hashes, no model), with a suggested keeper. */
  duplicates: { input: DuplicateGroupsRequest, output: DuplicateGroupsResponse },
  explain: { input: ExplainRequest, output: ExplainResponse },
  status: { input: Empty, output: StatusResponse },
  fileInfo: { input: FileInfoRequest, output: FileInfo },
  foldersList: { input: Empty, output: z.array(Folder) },
  foldersAdd: { input: FolderAddRequest, output: Folder },
  foldersRemove: { input: FolderPathRequest, output: Ok },
  pause: { input: Empty, output: Progress },
  resume: { input: Empty, output: Progress },
  modelsList: { input: Empty, output: z.array(ModelInfo) },
  modelsInstall: { input: ModelNameRequest, output: ModelInfo },
  modelsImport: { input: ModelImportRequest, output: ModelInfo },
  modelsUse: { input: ModelNameRequest, output: ModelInfo },
  /** Removes a pack and everything kept for it (its vectors, its HNSW index files, its folder). */
  modelsRemove: { input: ModelNameRequest, output: ModelRemoved },
  /** Stops a download started by modelsInstall (which then fails with kind 'cancelled'). */
  modelsCancelInstall: { input: ModelNameRequest, output: Ok },
  documentPassages: { input: DocumentPassagesRequest, output: DocumentPassages },
  problemRetry: { input: ProblemRetryRequest, output: z.object({ file: z.boolean(), pages: z.number().int() }) },
  problemIgnore: { input: ProblemIgnoreRequest, output: Ok },
} as const;

/**
 * Calls that only a trusted local process makes (the CLI, tests, benches): they name files on this
 * machine by path, outside the library too, so the UI front ends (Electron IPC, browser-mode HTTP)
 * never expose them; those serve `Calls` only.
 */
export const EmbedRequest = z
  .object({ texts: z.array(z.string()).min(1).optional(), images: z.array(z.string().min(1)).min(1).optional() })
  .strict()
  .refine((r) => (r.texts === undefined) !== (r.images === undefined), 'give texts or images, not both');
export const EmbedResponse = z.object({ model: z.string(), dim: z.number().int(), provider: z.string(), embeddings: z.array(z.array(z.number())) });
export type EmbedResponse = z.infer<typeof EmbedResponse>;
export const OcrRequest = z.object({ path: z.string().min(1), page: z.number().int().positive().optional() }).strict();
export const OcrLine = z.object({ text: z.string(), score: z.number(), box: z.array(z.tuple([z.number(), z.number()])) });
export const OcrResponse = z.object({ lines: z.array(OcrLine), width: z.number(), height: z.number(), detectMs: z.number(), recognizeMs: z.number(), skipped: z.boolean() });
export type OcrResponse = z.infer<typeof OcrResponse>;
export const ScanSummary = z.object({ folder: z.string(), seen: z.number().int(), queued: z.number().int(), removed: z.number().int() });
export type ScanSummary = z.infer<typeof ScanSummary>;
export const IndexingStart = z.object({ scan: z.boolean().default(true) }).strict().default({ scan: true });

export const LocalCalls = {
  /** The active pack's L2-normalised embeddings of texts or image files (any path). */
  embed: { input: EmbedRequest, output: EmbedResponse },
  /** Text lines read from an image file, or from page `page` of a PDF (any path). */
  ocr: { input: OcrRequest, output: OcrResponse },
  /** The catalog entry of a file in the library, by its path. */
  fileByPath: { input: z.object({ path: z.string().min(1) }).strict(), output: FileInfo },
  /** Scans every watched folder and indexes until the queue is empty (OCR pass included when on). */
  indexNow: { input: Empty, output: z.array(ScanSummary) },
  /** Starts indexing in the background (scanning the folders first unless scan is false). */
  startIndexing: { input: IndexingStart, output: Ok },
} as const;
export type LocalCallName = keyof typeof LocalCalls;
export type LocalCallInput<K extends LocalCallName> = z.input<(typeof LocalCalls)[K]['input']>;
export type LocalCallOutput<K extends LocalCallName> = z.infer<(typeof LocalCalls)[K]['output']>;
/** What a trusted local front end (the CLI) sees beyond GlimpseApi. */
export type LocalApi = { [K in LocalCallName]: (...input: undefined extends LocalCallInput<K> ? [input?: LocalCallInput<K>] : [input: LocalCallInput<K>]) => Promise<LocalCallOutput<K>> };

export type CallName = keyof typeof Calls;
export const CallNames = Object.keys(Calls) as CallName[];
export type CallInput<K extends CallName> = z.input<(typeof Calls)[K]['input']>;
export type CallOutput<K extends CallName> = z.infer<(typeof Calls)[K]['output']>;
/** A call's input after parsing (defaults filled in): what the engine works with. */
export type ParsedInput<K extends CallName> = z.output<(typeof Calls)[K]['input']>;

/** The API every front end sees: one async method per call. */
export type GlimpseApi = { [K in CallName]: (...input: undefined extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>]) => Promise<CallOutput<K>> };

/** Events pushed from the engine. */
export const Events = {
  progress: Progress,
  download: DownloadProgress,
  fileError: FileError,
} as const;
export type EventName = keyof typeof Events;
/** Every event name, for front ends that forward them all (IPC, SSE, preload, the HTTP client). */
export const EventNames = Object.keys(Events) as EventName[];
export type EventPayload<K extends EventName> = z.infer<(typeof Events)[K]>;
