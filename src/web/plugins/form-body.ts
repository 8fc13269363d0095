/**
 * application/x-www-form-urlencoded bodies, parsed so that broken UTF-8 is
 * noticed instead of silently turned into replacement characters: the form
 * is shown again with a message next to the field, and nothing crashes.
 *
 * Parsing runs on the event loop that serves both surfaces, so a form is
 * bounded before it costs anything: the body by the route's limit (about
 * 256 KB), the number of fields (a few hundred; more is refused with 413),
 * and the values one name may repeat (duplicates dropped, a few dozen kept):
 * 200,000 `category=threats` fields are refused, and five become one.
 */
import querystring from 'node:querystring';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Node's percent-decoder to bytes; public since Node 0.x but missing from @types/node. */
const unescapeBuffer = (querystring as unknown as { unescapeBuffer(s: string): Buffer }).unescapeBuffer;
const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** The most fields a form may carry; the largest form (a report) has well under a hundred. */
export const MAX_FORM_FIELDS = 300;
/** The most distinct values one field name keeps (checkbox groups); later ones are dropped. */
export const MAX_VALUES_PER_FIELD = 64;
/** The body size for text forms (a 20,000-character description in any script fits, percent-encoded). */
export const TEXT_FORM_LIMIT = 256 * 1024;

/** A form with more fields than any of ours: refused as too large (413), before any field is decoded. */
export class TooManyFieldsError extends Error {
  readonly statusCode = 413;
  readonly code = 'PSL_ERR_BODY_TOO_LARGE';
  constructor() {
    super('too many form fields');
    this.name = 'TooManyFieldsError';
  }
}

/** A parsed form: repeated names keep their distinct values, in order, up to a bound. */
export class FormBody {
  private readonly fields = new Map<string, string[]>();
  /** Names of fields whose bytes were not valid UTF-8. */
  readonly malformed = new Set<string>();

  add(name: string, value: string, broken: boolean): void {
    const list = this.fields.get(name);
    if (!list) this.fields.set(name, [value]);
    else if (list.length < MAX_VALUES_PER_FIELD && !list.includes(value)) list.push(value);
    if (broken) this.malformed.add(name);
  }

  /** The first value of a field, or '' when absent. */
  one(name: string): string {
    return this.fields.get(name)?.[0] ?? '';
  }

  /** Every value of a field. */
  all(name: string): string[] {
    return [...(this.fields.get(name) ?? [])];
  }

  has(name: string): boolean {
    return this.fields.has(name);
  }
}

function decodeComponent(raw: string): { text: string; broken: boolean } {
  // Plain ASCII with nothing encoded (most names and many values) is already its own text.
  if (!/[%+]/.test(raw)) return { text: raw, broken: false };
  const bytes = unescapeBuffer(raw.replace(/\+/g, ' '));
  try {
    return { text: decoder.decode(bytes), broken: false };
  } catch {
    return { text: lenient.decode(bytes), broken: true };
  }
}

/** Parses a urlencoded body (as raw bytes, so that invalid UTF-8 is detected). */
export function parseFormBody(body: Buffer): FormBody {
  const form = new FormBody();
  // A well-formed body is ASCII. Stray raw bytes are re-encoded as %XX so that they are decoded, and checked,
  // exactly like percent-encoded ones.
  const text = body.toString('latin1').replace(/[\u0080-\u00ff]/g, (c) => '%' + c.charCodeAt(0).toString(16));
  if (!text) return form;
  const pairs = text.split('&', MAX_FORM_FIELDS + 1);
  if (pairs.length > MAX_FORM_FIELDS) throw new TooManyFieldsError();
  for (const pair of pairs) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = decodeComponent(rawName);
    const value = decodeComponent(rawValue);
    // Field names are ours; a broken name is not a field we know.
    if (name.broken) continue;
    form.add(name.text, value.text.replace(/\r\n?/g, '\n'), value.broken);
  }
  return form;
}

/** Registers the parser on an instance: request.body becomes a FormBody. */
export function registerFormParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseFormBody(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/**
 * Refuses compressed request bodies (Content-Encoding other than identity)
 * on every route, before anything is read: no browser compresses a form, and
 * inflating lets a few kilobytes cost the server megabytes and seconds.
 */
export function refuseCompressedBodies(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      throw Object.assign(new Error('compressed request body'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    }
  });
}

/** The parsed form of a request, or an empty one when it carried none. */
export function formOf(request: FastifyRequest): FormBody {
  return request.body instanceof FormBody ? request.body : new FormBody();
}

/** A query value as text, cut at `max` characters; anything else is empty. */
export function queryText(v: unknown, max: number): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}
