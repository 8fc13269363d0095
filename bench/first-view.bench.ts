/**
 * Bytes on the wire for a first visit to the report form: GET /report as a
 * browser with an empty cache would (gzip accepted, no cookie), then every
 * subresource the page and its stylesheets reference. Also checks that the
 * page works with no script: the form posts natively and has a submit button.
 */
import { browserAgent, decodedBytes, send, textOf, type Target, type WireResponse } from './http-client.js';

/** What a browser sends on a first visit (only the headers that change the response). */
export const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip',
  'accept-language': 'en',
  'user-agent': 'parasol-bench',
} as const;

export interface FetchedResource {
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly encoding: string;
  /** Body bytes as transferred (compressed when the server compressed). */
  readonly bodyBytes: number;
  /** Body bytes after decompression. */
  readonly decodedBytes: number;
  readonly headerBytes: number;
  readonly socketBytes: number;
}

export interface NoScriptCheck {
  readonly formPosts: boolean;
  readonly hasSubmit: boolean;
  readonly csrfInPage: boolean;
  readonly ok: boolean;
}

export interface FirstView {
  readonly resources: readonly FetchedResource[];
  readonly bodyBytes: number;
  readonly withHeaders: number;
  readonly socketBytes: number;
  readonly noScript: NoScriptCheck;
  /** Requested by browsers even when the page names no icon; not part of the total. */
  readonly favicon: FetchedResource;
  /** Subresources on other origins (there should be none). */
  readonly foreign: readonly string[];
}

function resource(path: string, res: WireResponse): FetchedResource {
  return {
    path,
    status: res.status,
    contentType: String(res.headers['content-type'] ?? '').split(';')[0] ?? '',
    encoding: String(res.headers['content-encoding'] ?? 'identity'),
    bodyBytes: res.wireBody.length,
    decodedBytes: decodedBytes(res),
    headerBytes: res.headerBytes,
    socketBytes: res.socketBytes,
  };
}

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** Subresources a browser fetches while rendering an HTML page. */
export function htmlSubresources(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(m[0], 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attr(m[0], 'href');
    if (href && rel.some((r) => ['stylesheet', 'icon', 'preload', 'modulepreload', 'manifest', 'apple-touch-icon'].includes(r))) found.push(href);
  }
  for (const m of html.matchAll(/<(?:script|img|source|iframe|embed|audio|video)\b[^>]*>/gi)) {
    const src = attr(m[0], 'src');
    if (src) found.push(src);
  }
  return found;
}

/** Subresources a stylesheet pulls in (url() and @import). */
export function cssSubresources(css: string): string[] {
  const found: string[] = [];
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) {
    const u = m[1] ?? m[2] ?? m[3] ?? '';
    if (u && !u.startsWith('data:')) found.push(u);
  }
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) found.push(m[1] ?? m[2] ?? '');
  return found.filter(Boolean);
}

/** Checks that the report form is usable with JavaScript off. */
export function checkNoScript(html: string): NoScriptCheck {
  let formPosts = false;
  let hasSubmit = false;
  for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
    const open = m[0].slice(0, m[0].indexOf('>') + 1);
    if ((attr(open, 'method') ?? '').toLowerCase() !== 'post') continue;
    formPosts = true;
    const inner = m[1] ?? '';
    // A <button> with no type is a submit button.
    const buttons = [...inner.matchAll(/<button\b[^>]*>/gi)].some((b) => ['', 'submit'].includes((attr(b[0], 'type') ?? '').toLowerCase()));
    const inputs = [...inner.matchAll(/<input\b[^>]*>/gi)].some((i) => ['submit', 'image'].includes((attr(i[0], 'type') ?? '').toLowerCase()));
    if (buttons || inputs) hasSubmit = true;
  }
  const csrfInPage = /name="_csrf" value="[^"]+"/.test(html);
  return { formPosts, hasSubmit, csrfInPage, ok: formPosts && hasSubmit && csrfInPage };
}

/** `language`: the browser's Accept-Language (the page's language on a first visit). */
export async function measureFirstView(target: Target, pagePath = '/report', language: string = BROWSER_HEADERS['accept-language']): Promise<FirstView> {
  const origin = `http://${target.host}:${target.port}`;
  const agent = browserAgent();
  const headers = { ...BROWSER_HEADERS, 'accept-language': language };
  try {
    const page = await send(target, { path: pagePath, headers, agent });
    if (page.status !== 200) throw new Error(`GET ${pagePath} answered ${page.status}`);
    const html = textOf(page);
    const resources: FetchedResource[] = [resource(pagePath, page)];
    const foreign: string[] = [];
    const seen = new Set<string>([pagePath]);
    const queue = htmlSubresources(html).map((ref) => new URL(ref, origin + pagePath));
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (url.origin !== origin) {
        foreign.push(url.href);
        continue;
      }
      const p = url.pathname + url.search;
      if (seen.has(p)) continue;
      seen.add(p);
      const res = await send(target, { path: p, headers: { ...headers, accept: '*/*' }, agent });
      resources.push(resource(p, res));
      if (String(res.headers['content-type'] ?? '').startsWith('text/css')) {
        for (const ref of cssSubresources(textOf(res))) queue.push(new URL(ref, url));
      }
    }
    const favicon = resource('/favicon.ico', await send(target, { path: '/favicon.ico', headers: { ...headers, accept: 'image/*' }, agent }));
    const sum = (f: (r: FetchedResource) => number) => resources.reduce((n, r) => n + f(r), 0);
    return {
      resources,
      bodyBytes: sum((r) => r.bodyBytes),
      withHeaders: sum((r) => r.bodyBytes + r.headerBytes),
      socketBytes: sum((r) => r.socketBytes),
      noScript: checkNoScript(html),
      favicon,
      foreign,
    };
  } finally {
    agent.destroy();
  }
}
