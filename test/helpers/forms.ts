/**
 * Driving the reporter surface over HTTP like a browser without JavaScript:
 * GET a form, keep the cookie, post the fields back with the CSRF token.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface FormSession {
  cookie: string;
  token: string;
}

export function extractCsrf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

export function cookieFrom(res: LightMyRequestResponse, previous = ''): string {
  const set = res.headers['set-cookie'];
  const list = Array.isArray(set) ? set : set ? [set] : [];
  const pair = list.map((c) => c.split(';')[0]!).find((c) => c.startsWith('parasol_form='));
  return pair ?? previous;
}

/** The cookie a sent report's answer sets for its receipt page (empty when none), as a browser would send it back. */
export function receiptCookieFrom(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const list = Array.isArray(set) ? set : set ? [set] : [];
  return list.map((c) => c.split(';')[0]!).find((c) => c.startsWith('parasol_receipt=') && c !== 'parasol_receipt=') ?? '';
}

/** The form cookie and, when set, the receipt cookie of an answer, as one Cookie header. */
export function cookiesFrom(res: LightMyRequestResponse, previous = ''): string {
  return [cookieFrom(res, previous), receiptCookieFrom(res)].filter(Boolean).join('; ');
}

/** Opens a page with a form and returns its cookie and CSRF token. */
export async function openForm(app: FastifyInstance, url: string, cookie = ''): Promise<FormSession & { html: string }> {
  const res = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  return { cookie: cookieFrom(res, cookie), token: extractCsrf(res.body), html: res.body };
}

export type Fields = Record<string, string | string[]>;

export function encodeForm(fields: Fields): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

/**
 * Posts a form like a browser: a 303 to a sent report's receipt page is followed with the cookie the
 * answer set (postFormOnly does not follow).
 */
export async function postForm(app: FastifyInstance, url: string, session: FormSession | null, fields: Fields | string): Promise<LightMyRequestResponse> {
  const res = await postFormOnly(app, url, session, fields);
  const location = res.headers.location;
  if (res.statusCode !== 303 || typeof location !== 'string' || !location.startsWith('/report/receipt')) return res;
  const cookie = cookiesFrom(res, session?.cookie ?? '');
  return app.inject({ method: 'GET', url: location, headers: cookie ? { cookie } : {} });
}

export async function postFormOnly(app: FastifyInstance, url: string, session: FormSession | null, fields: Fields | string): Promise<LightMyRequestResponse> {
  const payload = typeof fields === 'string' ? fields : encodeForm({ ...(session ? { _csrf: session.token } : {}), ...fields });
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(session?.cookie ? { cookie: session.cookie } : {}) },
    payload,
  });
}

/** The one-time token of a rendered form. */
export function formTokenFrom(html: string): string {
  const m = /name="submission" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no form token in page');
  return m[1]!;
}

/** A complete, valid report (Bucharest, robbery). */
export function validReport(overrides: Fields = {}): Fields {
  return {
    lang: 'en',
    area: 'ro-bucharest',
    place_detail: '',
    incident_date: '2026-03-14',
    category: ['robbery', 'threats'],
    perpetrator: ['client'],
    description: 'He took my phone and money.',
    id_kind_1: 'phone',
    id_value_1: '',
    support: 'yes',
    warn: 'yes',
    statistics: 'yes',
    police: 'none',
    contact_name: '',
    contact_details: '',
    ...overrides,
  };
}

export function receiptFrom(html: string): string {
  const m = /data-receipt="(\d{24}|\d{16})"/.exec(html);
  if (!m) throw new Error('no receipt in page');
  return m[1]!;
}

export function accessFrom(html: string): string {
  const m = /name="access" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no access token in page');
  return m[1]!;
}

/** Text content of HTML, tags stripped and entities for quotes/amp/lt/gt decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
