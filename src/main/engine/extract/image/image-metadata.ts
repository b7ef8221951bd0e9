// Photo metadata with exifr: date taken (EXIF local time, kept as a naive ISO string because EXIF
// has no time zone), camera, GPS. Bad or missing EXIF is not an error: fields are just null.
import exifr from 'exifr';
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';

export interface ImageMetadata {
  takenAt: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  orientation: number | null;
}

const EMPTY: ImageMetadata = { takenAt: null, camera: null, lat: null, lon: null, orientation: null };

/** "2012:07:14 16:30:12" (or a Date) -> "2012-07-14T16:30:12"; junk -> null. */
export function exifDateToIso(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 19);
  if (typeof v !== 'string') return null;
  const m = v.trim().match(/^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  if (y === '0000' || mo === '00' || d === '00' || Number(mo) > 12 || Number(d) > 31) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

function clean(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  const t = s.replace(/\0/g, '').trim();
  return t ? t : null;
}

export function cameraName(make: unknown, model: unknown): string | null {
  const mk = clean(make);
  const md = clean(model);
  if (mk && md) return md.toLowerCase().startsWith(mk.toLowerCase().split(' ')[0]!) ? md : `${mk} ${md}`;
  return md ?? mk;
}

/** The raw EXIF block libvips found (WebP/PNG/... containers exifr cannot walk), as a TIFF buffer. */
async function exifViaSharp(input: string | Buffer): Promise<Buffer | null> {
  try {
    const exif = (await sharp(input, { failOn: 'none' }).metadata()).exif;
    if (!exif || exif.length < 8) return null;
    return exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  } catch {
    return null;
  }
}

/** The eXIf chunk of a PNG (a TIFF block), which neither exifr nor libvips exposes. */
async function pngExifChunk(input: string | Buffer): Promise<Buffer | null> {
  const buf = typeof input === 'string' ? await readFile(input).catch(() => null) : input;
  if (!buf || buf.length < 16 || buf.readUInt32BE(0) !== 0x89504e47) return null;
  for (let off = 8; off + 12 <= buf.length; ) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    if (type === 'eXIf') return buf.subarray(off + 8, Math.min(buf.length, off + 8 + len));
    if (type === 'IEND') return null;
    off += 12 + len;
  }
  return null;
}

/**
 * `exifHint` is the EXIF block the decoder already found (ImageSource.exif): with it exifr parses
 * that block only; null means the file has none (nothing to read); undefined means "look in the file".
 */
export async function readImageMetadata(input: string | Buffer, exifHint?: Buffer | null): Promise<ImageMetadata> {
  if (exifHint === null) return { ...EMPTY };
  if (exifHint) {
    const tiff = exifHint.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exifHint.subarray(6) : exifHint;
    const fromHint = await readWithExifr(tiff);
    if (fromHint.takenAt || fromHint.lat !== null || fromHint.camera || fromHint.orientation !== null) return fromHint;
  }
  const first = await readWithExifr(input);
  if (first.takenAt || first.lat !== null || first.camera) return first;
  const tiff = (await exifViaSharp(input)) ?? (await pngExifChunk(input));
  return tiff ? readWithExifr(tiff) : first;
}

async function readWithExifr(input: string | Buffer): Promise<ImageMetadata> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(input, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      reviveValues: false,
      translateValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'DateTime', 'ModifyDate', 'Make', 'Model', 'Orientation', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'],
    });
  } catch {
    return { ...EMPTY };
  }
  if (!tags) return { ...EMPTY };
  let lat: number | null = null;
  let lon: number | null = null;
  try {
    const gps = await exifr.gps(input);
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude) && !(gps.latitude === 0 && gps.longitude === 0)) {
      lat = gps.latitude;
      lon = gps.longitude;
    }
  } catch {}
  const orientation = typeof tags.Orientation === 'number' ? tags.Orientation : null;
  return {
    takenAt: exifDateToIso(tags.DateTimeOriginal) ?? exifDateToIso(tags.CreateDate) ?? exifDateToIso(tags.DateTime) ?? null,
    camera: cameraName(tags.Make, tags.Model),
    lat,
    lon,
    orientation,
  };
}
