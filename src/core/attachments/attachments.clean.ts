/**
 * Removing hidden details from a file before it is encrypted: phones write
 * the GPS position, the device and the time into photos, and office software
 * writes the author's name into documents. What comes in is recognised by its
 * first bytes (never by the name or type the browser claims), then:
 *
 * - photos (JPEG, PNG, WebP) are decoded and encoded again with sharp, turned
 *   upright by their EXIF orientation first, with no metadata written (no EXIF,
 *   GPS, XMP, IPTC or ICC profile: sharp keeps none unless asked);
 * - PDFs lose their Info dictionary and XMP metadata streams (pdf-lib);
 * - Word, Excel and PowerPoint files get empty document properties
 *   (docProps/core.xml, app.xml, custom.xml) and their pictures re-encoded
 *   like photos (fflate to unpack and pack again);
 * - anything else is kept as sent, and the reporter is told plainly that its
 *   hidden details could not be removed.
 *
 * Everything happens in memory: no plaintext byte is written to a file.
 */
import { strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import sharp from 'sharp';

/** What was done to a file: every detail removed, the document details removed, or nothing could be removed. */
export const CLEANING = { cleaned: 'cleaned', document: 'document', notCleaned: 'not-cleaned' } as const;
export type Cleaning = (typeof CLEANING)[keyof typeof CLEANING];

export interface CleanFile {
  readonly name: string;
  readonly type: string;
  readonly cleaning: Cleaning;
  readonly bytes: Buffer;
}

/** A photo bigger than this many pixels is not decoded (a small file can claim a huge picture). */
const MAX_PIXELS = 60_000_000;
/** An office file unpacking to more than this is not unpacked (a small zip can hold gigabytes). */
const MAX_UNPACKED = 100 * 1024 * 1024;
const MAX_ENTRIES = 5000;

type Kind = 'jpeg' | 'png' | 'webp' | 'pdf' | 'office' | 'other';

const OFFICE_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Recognises a file by its first bytes. */
export function kindOf(bytes: Buffer, name: string): Kind {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && /\.(docx|xlsx|pptx)$/i.test(name)) return 'office';
  return 'other';
}

/**
 * A file name that is safe to show and to offer for download: no folders, no
 * control or direction characters, at most 100 characters, never empty.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"<>:|?*]/gu, '')
    .replace(/^[.\s]+/, '')
    .trim();
  const chars = [...clean];
  if (chars.length <= 100) return clean || 'file';
  const ext = /\.[\p{L}\p{N}]{1,8}$/u.exec(clean)?.[0] ?? '';
  return chars.slice(0, 100 - ext.length).join('') + ext;
}

function withExtension(name: string, ext: string): string {
  return /\.[^.]{1,8}$/.test(name) ? name.replace(/\.[^.]{1,8}$/, `.${ext}`) : `${name}.${ext}`;
}

/** Decodes and encodes a picture again, upright, with no metadata. */
async function reencodeImage(bytes: Uint8Array, kind: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  // rotate() with no angle applies the EXIF orientation; the output keeps no metadata (no keepMetadata/withMetadata).
  const img = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false }).rotate();
  if (kind === 'jpeg') return img.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
  if (kind === 'png') return img.png().toBuffer();
  return img.webp({ quality: 90 }).toBuffer();
}

/** Removes the Info dictionary and every XMP metadata stream of a PDF. */
async function cleanPdf(bytes: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const info = context.trailerInfo.Info;
  if (info instanceof PDFRef) context.delete(info);
  context.trailerInfo.Info = undefined;
  const metadata = PDFName.of('Metadata');
  const pieceInfo = PDFName.of('PieceInfo');
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFDict ? obj : obj instanceof PDFRawStream ? obj.dict : null;
    if (!dict) continue;
    if (dict.get(PDFName.of('Type')) === metadata) {
      context.delete(ref);
      continue;
    }
    const m = dict.get(metadata);
    if (m instanceof PDFRef) context.delete(m);
    dict.delete(metadata);
    dict.delete(pieceInfo);
  }
  return Buffer.from(await doc.save({ updateFieldAppearances: false }));
}

const EMPTY_CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>';
const EMPTY_APP =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>';
const EMPTY_CUSTOM =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>';

/** Empties the document properties of a Word, Excel or PowerPoint file and re-encodes its pictures. */
async function cleanOffice(bytes: Buffer): Promise<Buffer> {
  let unpacked = 0;
  let entries = 0;
  const files: Unzipped = unzipSync(bytes, {
    filter: (f) => {
      unpacked += f.originalSize;
      entries++;
      if (unpacked > MAX_UNPACKED || entries > MAX_ENTRIES) throw new Error('office file unpacks too large');
      return true;
    },
  });
  if (!files['[Content_Types].xml']) throw new Error('not an office file');
  if (files['docProps/core.xml']) files['docProps/core.xml'] = strToU8(EMPTY_CORE);
  if (files['docProps/app.xml']) files['docProps/app.xml'] = strToU8(EMPTY_APP);
  if (files['docProps/custom.xml']) files['docProps/custom.xml'] = strToU8(EMPTY_CUSTOM);
  for (const [path, content] of Object.entries(files)) {
    if (!/^(docProps|word\/media|xl\/media|ppt\/media)\//.test(path)) continue;
    const kind = kindOf(Buffer.from(content), path);
    if (kind === 'jpeg' || kind === 'png' || kind === 'webp') files[path] = new Uint8Array(await reencodeImage(content, kind));
  }
  return Buffer.from(zipSync(files, { level: 6 }));
}

/**
 * Cleans one uploaded file. Throws only when a photo or document of a known
 * type cannot be read at all (the reporter is asked to check the file); any
 * other file is kept as sent and marked as not cleaned.
 */
export async function cleanAttachment(bytes: Buffer, claimedName: string): Promise<CleanFile> {
  const name = safeFileName(claimedName);
  const kind = kindOf(bytes, name);
  switch (kind) {
    case 'jpeg':
      return { name: withExtension(name, 'jpg'), type: 'image/jpeg', cleaning: CLEANING.cleaned, bytes: await reencodeImage(bytes, 'jpeg') };
    case 'png':
      return { name: withExtension(name, 'png'), type: 'image/png', cleaning: CLEANING.cleaned, bytes: await reencodeImage(bytes, 'png') };
    case 'webp':
      return { name: withExtension(name, 'webp'), type: 'image/webp', cleaning: CLEANING.cleaned, bytes: await reencodeImage(bytes, 'webp') };
    case 'pdf':
      try {
        return { name: withExtension(name, 'pdf'), type: 'application/pdf', cleaning: CLEANING.document, bytes: await cleanPdf(bytes) };
      } catch {
        // An encrypted or damaged PDF: kept as sent, and said so.
        return { name, type: 'application/pdf', cleaning: CLEANING.notCleaned, bytes };
      }
    case 'office': {
      const ext = /\.(docx|xlsx|pptx)$/i.exec(name)![1]!.toLowerCase();
      try {
        return { name, type: OFFICE_TYPES[ext]!, cleaning: CLEANING.document, bytes: await cleanOffice(bytes) };
      } catch {
        return { name, type: 'application/octet-stream', cleaning: CLEANING.notCleaned, bytes };
      }
    }
    default:
      return { name, type: 'application/octet-stream', cleaning: CLEANING.notCleaned, bytes };
  }
}

/** Raised when a photo cannot be decoded (damaged, or larger than we decode). */
export class UnreadableImageError extends Error {
  constructor(readonly fileName: string) {
    super('an image could not be decoded');
  }
}

/** Cleans a file, turning a photo that cannot be decoded into {@link UnreadableImageError}. */
export async function cleanOrExplain(bytes: Buffer, claimedName: string): Promise<CleanFile> {
  try {
    return await cleanAttachment(bytes, claimedName);
  } catch {
    throw new UnreadableImageError(safeFileName(claimedName));
  }
}
