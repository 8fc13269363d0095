/**
 * Forms with files (multipart/form-data), without JavaScript: the report,
 * a reporter's message and a caseworker's reply. Text fields become the same
 * FormBody as urlencoded forms (decoded strictly as UTF-8, so broken text is
 * noticed); files are read into memory, never into a temporary file, within
 * the limits per file, files and total. A file over a limit is read to its
 * end and dropped, and the form's text is kept: the file input is the last
 * field of each form, so everything typed has arrived before any file.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  cleanOrExplain,
  MAX_FILE_BYTES,
  MAX_FILES,
  MAX_TOTAL_BYTES,
  UnreadableImageError,
  UPLOAD_REQUEST_LIMIT,
  UPLOAD_SPACE_MARGIN,
  type CleanFile,
} from '../../core/attachments/attachments.service.js';
import { roomForFiles } from '../../core/health/health.service.js';
import { FormBody, formOf, MAX_FORM_FIELDS, TEXT_FORM_LIMIT } from './form-body.js';

const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
/** More file parts than this ends reading (a form has one file input). */
const MAX_FILE_PARTS = 50;

/** A file as it was sent (not yet cleaned). */
export interface Upload {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Why files were dropped: one over the size limit, too many, too much in all. */
export type UploadProblem =
  | { readonly kind: 'tooBig'; readonly name: string }
  | { readonly kind: 'tooMany' }
  | { readonly kind: 'total' }
  | { readonly kind: 'noSpace' }
  | { readonly kind: 'unreadable'; readonly name: string };

export interface UploadForm {
  readonly form: FormBody;
  /** The files kept (none when there is a problem). */
  readonly files: readonly Upload[];
  readonly problem: UploadProblem | null;
  /** Whether any file was chosen at all (a browser cannot put a file back into the form). */
  readonly chose: boolean;
}

/** Adds the multipart reader to an (encapsulated) instance of routes that take files. */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  // The upload limit, as the reverse proxy applies it: a multipart body announced as larger is refused before it is read.
  app.addHook('onRequest', async (request) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (
      length > UPLOAD_REQUEST_LIMIT &&
      String(request.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('multipart/form-data')
    ) {
      throw Object.assign(new Error('upload over the limit'), { statusCode: 413, code: 'PSL_ERR_BODY_TOO_LARGE' });
    }
  });
  await app.register(multipart, {
    // Fields (and, by busboy's default, file names) arrive as latin1, one character per byte, and are decoded strictly as UTF-8 here.
    defCharset: 'latin1',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILE_PARTS, fields: MAX_FORM_FIELDS, fieldSize: TEXT_FORM_LIMIT, parts: MAX_FORM_FIELDS + MAX_FILE_PARTS, headerPairs: 50 },
  });
}

function utf8(latin1: string): { text: string; broken: boolean } {
  const bytes = Buffer.from(latin1, 'latin1');
  try {
    return { text: decoder.decode(bytes), broken: false };
  } catch {
    return { text: lenient.decode(bytes), broken: true };
  }
}

/**
 * Reads a posted form with its files. A urlencoded form (an older page, or a
 * test) gives its fields and no files. The parsed fields become the request's
 * body, so the CSRF check reads them as for any form.
 */
export async function readUploadForm(request: FastifyRequest, fileField: string): Promise<UploadForm> {
  if (!request.isMultipart()) return { form: formOf(request), files: [], problem: null, chose: false };
  const form = new FormBody();
  const files: Upload[] = [];
  let problem: UploadProblem | null = null;
  let chose = false;
  let total = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        const value = utf8(String(part.value));
        form.add(part.fieldname, value.text.replace(/\r\n?/g, '\n'), value.broken || part.valueTruncated);
        continue;
      }
      const name = utf8(part.filename ?? '').text;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        size += (chunk as Buffer).length;
        // Past a limit the rest is read and dropped: the form's text is still shown back.
        if (!problem && part.fieldname === fileField && size <= MAX_FILE_BYTES) chunks.push(chunk as Buffer);
      }
      // An empty file input still sends a part, with no name and no bytes.
      if (part.fieldname !== fileField || (!name && size === 0)) continue;
      chose = true;
      if (problem) continue;
      if (part.file.truncated || size > MAX_FILE_BYTES) problem = { kind: 'tooBig', name };
      else if (files.length >= MAX_FILES) problem = { kind: 'tooMany' };
      else if (total + size > MAX_TOTAL_BYTES) problem = { kind: 'total' };
      else {
        total += size;
        files.push({ name, bytes: Buffer.concat(chunks) });
      }
    }
  } catch (err) {
    // The parts limit (more file parts than any form has): the text read so far is kept.
    if ((err as { code?: string }).code !== 'FST_FILES_LIMIT' && (err as { code?: string }).code !== 'FST_PARTS_LIMIT') throw err;
    chose = true;
    problem ??= { kind: 'tooMany' };
  }
  (request as { body: unknown }).body = form;
  return { form, files: problem ? [] : files, problem, chose };
}

/**
 * Cleans the files of a form (hidden details removed, in memory) once the data
 * folder has room for them; files are refused, never the text, when it has not.
 */
export async function cleanUploads(upload: UploadForm, dataDir: string): Promise<{ ok: true; files: CleanFile[] } | { ok: false; problem: UploadProblem }> {
  if (upload.problem) return { ok: false, problem: upload.problem };
  if (upload.files.length === 0) return { ok: true, files: [] };
  const bytes = upload.files.reduce((n, f) => n + f.bytes.length, 0);
  if (!roomForFiles(dataDir, bytes, UPLOAD_SPACE_MARGIN)) return { ok: false, problem: { kind: 'noSpace' } };
  const files: CleanFile[] = [];
  for (const f of upload.files) {
    try {
      files.push(await cleanOrExplain(f.bytes, f.name));
    } catch (err) {
      if (err instanceof UnreadableImageError) return { ok: false, problem: { kind: 'unreadable', name: err.fileName } };
      throw err;
    }
  }
  return { ok: true, files };
}
