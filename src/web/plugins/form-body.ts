/**
 * application/x-www-form-urlencoded bodies, parsed so that broken UTF-8 is
 * noticed instead of silently turned into replacement characters: the form
 * is shown again with a message next to the field, and nothing crashes.
 */
import querystring from 'node:querystring';
import type { FastifyInstance } from 'fastify';

/** Node's percent-decoder to bytes; public since Node 0.x but missing from @types/node. */
const unescapeBuffer = (querystring as unknown as { unescapeBuffer(s: string): Buffer }).unescapeBuffer;
const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** A parsed form: repeated names keep every value, in order. */
export class FormBody {
  private readonly fields = new Map<string, string[]>();
  /** Names of fields whose bytes were not valid UTF-8. */
  readonly malformed = new Set<string>();

  add(name: string, value: string, broken: boolean): void {
    const list = this.fields.get(name);
    if (list) list.push(value);
    else this.fields.set(name, [value]);
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
  for (const pair of text.split('&')) {
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
    done(null, parseFormBody(body as Buffer));
  });
}
