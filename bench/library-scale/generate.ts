// Writes the synthetic library of bench/library-scale: small real JPEGs (eval photos shrunk to
// 96x72, EXIF camera + GPS per template, a DateTimeOriginal patched into every copy so each file
// has its own date and its own bytes), Markdown and text notes made of English words, and a few
// real PDFs (Debian's, with a trailing comment so each copy differs). Folders hold ~50 files each,
// photos nested year/month/event (4 deep), documents area/project/part (4 deep).
//
// Everything about file i is a pure function of i (`imageFacts`), so the bench can record the
// metadata the indexer would have read without parsing 250k files again.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { evalDir, repoRoot } from '../common';

export const FILES_PER_FOLDER = 50;
/** Share of documents in the library (the rest are photos). */
export const DOC_SHARE = 0.1;
const TEMPLATES = 240;
const CAMERAS: [string, string][] = [
  ['Canon', 'Canon EOS R5'],
  ['FUJIFILM', 'X-T4'],
  ['Apple', 'iPhone 13'],
  ['Google', 'Pixel 7'],
  ['NIKON CORPORATION', 'NIKON D750'],
];
const PLACES = [
  [48.8584, 2.2945], [51.5007, -0.1246], [40.6892, -74.0445], [35.6586, 139.7454], [-33.8568, 151.2153],
  [41.8902, 12.4922], [52.5163, 13.3777], [37.8199, -122.4783], [55.7539, 37.6208], [-22.9519, -43.2105],
] as const;

export interface LibraryLayout {
  files: number;
  images: number;
  documents: number;
}

export function layoutFor(files: number): LibraryLayout {
  const documents = Math.round(files * DOC_SHARE);
  return { files, images: files - documents, documents };
}

/** Folder (relative) and name of photo i. 12 months x ~events of 50 photos per year, 10 years. */
export function imagePath(i: number, images: number): { dir: string; name: string } {
  const perYear = Math.ceil(images / 10);
  const year = 2015 + Math.floor(i / perYear);
  const inYear = i % perYear;
  const perMonth = Math.ceil(perYear / 12);
  const month = 1 + Math.floor(inYear / perMonth);
  const event = Math.floor((inYear % perMonth) / FILES_PER_FOLDER);
  return { dir: join('photos', String(year), String(month).padStart(2, '0'), `event-${String(event).padStart(3, '0')}`), name: `IMG_${String(i).padStart(6, '0')}.jpg` };
}

/** What the EXIF of photo i says (the indexer's ImageMeta fields). */
export function imageFacts(i: number, images: number): { takenAt: string; camera: string; lat: number | null; lon: number | null; template: number } {
  const { dir } = imagePath(i, images);
  const [, year, month, ev] = dir.split(/[\\/]/);
  const day = 1 + (Number(ev!.slice(6)) % 28);
  const sec = i % 86_400;
  const hh = String(Math.floor(sec / 3600)).padStart(2, '0');
  const mm = String(Math.floor((sec % 3600) / 60)).padStart(2, '0');
  const ss = String(sec % 60).padStart(2, '0');
  const template = i % TEMPLATES;
  const cam = CAMERAS[template % CAMERAS.length]!;
  const gps = template % 5 < 3; // 60% of photos carry GPS
  const place = PLACES[template % PLACES.length]!;
  return {
    takenAt: `${year}-${month}-${String(day).padStart(2, '0')}T${hh}:${mm}:${ss}`,
    camera: `${cam[0] === 'Apple' || cam[0] === 'Google' ? cam[0] + ' ' : ''}${cam[1]}`,
    lat: gps ? place[0] : null,
    lon: gps ? place[1] : null,
    template,
  };
}

const DOC_KINDS = ['md', 'txt', 'md', 'txt', 'md', 'txt', 'md', 'txt', 'md', 'pdf'] as const;

export function documentPath(j: number): { dir: string; name: string; ext: (typeof DOC_KINDS)[number] } {
  const folder = Math.floor(j / FILES_PER_FOLDER);
  const ext = DOC_KINDS[j % DOC_KINDS.length]!;
  // area / project / part: 10 x 10 x n
  const dir = join('documents', `area-${folder % 10}`, `project-${Math.floor(folder / 10) % 10}`, `part-${Math.floor(folder / 100)}`);
  const stem = ext === 'pdf' ? 'paper' : ext === 'md' ? 'note' : 'report';
  return { dir, name: `${stem}-${String(j).padStart(6, '0')}.${ext}`, ext };
}

function gpsRational(v: number): string {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

const TEMPLATE_DATE = '2000:01:01 00:00:00';

async function makeTemplates(): Promise<Buffer[]> {
  const photoDir = join(evalDir, 'caltech101-5pc', 'images');
  const photos = readdirSync(photoDir).filter((f) => f.endsWith('.jpg')).sort();
  const out: Buffer[] = [];
  for (let t = 0; t < TEMPLATES; t++) {
    const cam = CAMERAS[t % CAMERAS.length]!;
    const place = PLACES[t % PLACES.length]!;
    const gps = t % 5 < 3;
    const exif: Record<string, Record<string, string>> = { IFD0: { Make: cam[0], Model: cam[1] }, IFD2: { DateTimeOriginal: TEMPLATE_DATE } };
    if (gps) exif.IFD3 = { GPSLatitudeRef: place[0] >= 0 ? 'N' : 'S', GPSLatitude: gpsRational(place[0]), GPSLongitudeRef: place[1] >= 0 ? 'E' : 'W', GPSLongitude: gpsRational(place[1]) };
    const buf = await sharp(join(photoDir, photos[t % photos.length]!)).resize(96, 72, { fit: 'cover' }).withExif(exif).jpeg({ quality: 70 }).toBuffer();
    if (buf.indexOf(TEMPLATE_DATE) < 0) throw new Error('template date not found in the JPEG');
    out.push(buf);
  }
  return out;
}

function wordsList(): string[] {
  const p = join(repoRoot, 'resources', 'ocr', 'english-words.json');
  const list = (JSON.parse(readFileSync(p, 'utf8')) as { words: string }).words.split('\n');
  return list.filter((w) => /^[a-z]{3,10}$/.test(w)).slice(0, 5000);
}

function textFor(j: number, words: string[], md: boolean): string {
  let s = (j * 2654435761) >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const pick = () => words[next() % words.length]!;
  const title = `${pick()} ${pick()} ${pick()}`;
  const paras: string[] = [];
  const n = 2 + (next() % 6);
  for (let p = 0; p < n; p++) {
    const sentences: string[] = [];
    for (let k = 0; k < 3 + (next() % 4); k++) sentences.push(Array.from({ length: 6 + (next() % 10) }, pick).join(' ') + '.');
    paras.push(sentences.join(' '));
  }
  return md ? `# ${title}\n\n${paras.join('\n\n')}\n` : `${title}\n\n${paras.join('\n\n')}\n`;
}

/** Writes the library under `root` (skipped when its marker says the same count is there). */
export async function generateLibrary(root: string, files: number, log: (m: string) => void): Promise<{ ms: number; bytes: number; folders: number; reused: boolean }> {
  const marker = join(root, '.glimpse-bench-library.json');
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as { files: number; bytes: number; folders: number };
    if (m.files === files) return { ms: 0, bytes: m.bytes, folders: m.folders, reused: true };
    throw new Error(`${root} holds a library of ${m.files} files; remove it or use another --root`);
  }
  const t0 = performance.now();
  const { images, documents } = layoutFor(files);
  const templates = await makeTemplates();
  const words = wordsList();
  const pdfDir = join(evalDir, 'documents', 'debian-pdfs');
  const pdfs = readdirSync(pdfDir)
    .filter((f) => f.endsWith('.pdf') && statSync(join(pdfDir, f)).size < 150_000)
    .map((f) => readFileSync(join(pdfDir, f)));
  if (!pdfs.length) throw new Error(`no small PDFs in ${pdfDir}`);
  const dirs = new Set<string>();
  const ensure = (d: string) => {
    if (dirs.has(d)) return;
    mkdirSync(join(root, d), { recursive: true });
    dirs.add(d);
  };
  let bytes = 0;
  for (let i = 0; i < images; i++) {
    const { dir, name } = imagePath(i, images);
    ensure(dir);
    const f = imageFacts(i, images);
    const buf = Buffer.from(templates[f.template]!);
    const at = buf.indexOf(TEMPLATE_DATE);
    buf.write(f.takenAt.replace('T', ' ').replace(/-/g, ':'), at, 'latin1');
    writeFileSync(join(root, dir, name), buf);
    bytes += buf.length;
    if (i % 50_000 === 0 && i) log(`  ${i} photos written`);
  }
  for (let j = 0; j < documents; j++) {
    const { dir, name, ext } = documentPath(j);
    ensure(dir);
    const data = ext === 'pdf' ? Buffer.concat([pdfs[j % pdfs.length]!, Buffer.from(`\n% glimpse bench copy ${j}\n`)]) : Buffer.from(textFor(j, words, ext === 'md'));
    writeFileSync(join(root, dir, name), data);
    bytes += data.length;
  }
  const out = { files, bytes, folders: dirs.size };
  writeFileSync(marker, JSON.stringify(out));
  return { ms: performance.now() - t0, ...out, reused: false };
}
