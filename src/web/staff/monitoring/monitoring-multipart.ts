/**
 * multipart/form-data for the operations import (a CSV file from a form,
 * without JavaScript), parsed into the same FormBody as urlencoded forms so
 * the CSRF check and field handling are the same. Registered only inside
 * the monitoring routes. Text parts are decoded strictly as UTF-8: a file
 * in another encoding is reported, not silently mangled.
 */
import type { FastifyInstance } from 'fastify';
import { FormBody } from '../../plugins/form-body.js';

const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const MAX_PARTS = 20;

/** Parses a multipart body; returns null when it is not well formed. */
export function parseMultipart(body: Buffer, contentType: string): FormBody | null {
  const m = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const form = new FormBody();
  let pos = body.indexOf(delimiter);
  if (pos === -1) return null;
  for (let parts = 0; parts < MAX_PARTS; parts++) {
    pos += delimiter.length;
    // "--" after a delimiter ends the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return form;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) return null;
    const headers = body.subarray(pos, headerEnd).toString('latin1');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next === -1) return null;
    const content = body.subarray(headerEnd + 4, next);
    const name = /content-disposition:[^\r\n]*\bname="([^"]{1,100})"/i.exec(headers)?.[1];
    if (name) {
      let text: string;
      let broken = false;
      try {
        text = decoder.decode(content);
      } catch {
        text = lenient.decode(content);
        broken = true;
      }
      form.add(name, text.replace(/\r\n?/g, '\n'), broken);
    }
    pos = next + 2;
  }
  return form;
}

/** Adds the multipart parser to an (encapsulated) instance. */
export function registerMultipart(app: FastifyInstance): void {
  if (app.hasContentTypeParser('multipart/form-data')) app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    const form = parseMultipart(body as Buffer, String(request.headers['content-type'] ?? ''));
    if (!form) {
      const err = new Error('malformed multipart body') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
      return;
    }
    done(null, form);
  });
}
