/**
 * The one page builder of the reporter listener: what every reporter,
 * members' and public statistics view receives (the translator, the
 * language, the path for the language links, the per-request tokens). The
 * language is chosen by `lang` in the form or the query, then what the page
 * remembers (a member's language), then Accept-Language: never a cookie.
 */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { negotiate, REPORTER_LOCALES, type ReporterLocale } from '../../i18n/locales.js';
import { reporterTranslator, type ReporterTranslator } from '../../i18n/reporter/index.js';
import { FormBody } from '../plugins/form-body.js';
import { pathOnly } from '../plugins/logging.js';
import { csrfToken } from '../plugins/session.js';

export interface ReporterPage {
  readonly t: ReporterTranslator['t'];
  readonly i18n: ReporterTranslator;
  readonly lang: ReporterLocale;
  /** The path of the current page, for the language switcher. */
  readonly path: string;
  readonly quickExitUrl: string;
  /** True on a demo installation: every page then says so. */
  readonly demo: boolean;
  /** A fresh CSRF token for forms on this page. */
  readonly csrf: () => string;
}

/** A public statistics or survey page: a reporter page that also knows k. */
export interface PublicPage extends ReporterPage {
  readonly k: number;
}

/** True when a form was sent by one of its language switch buttons: show it again in that language, save nothing. */
export function isLanguageSwitch(request: FastifyRequest): boolean {
  return request.body instanceof FormBody && request.body.has('switch_lang');
}

/** Chooses the page language: `switch_lang` or `lang` in the form or query, then `remembered`, then Accept-Language. */
export function pageLocale(request: FastifyRequest, allowed: readonly ReporterLocale[] = REPORTER_LOCALES, remembered?: string): ReporterLocale {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = typeof query?.lang === 'string' ? query.lang : undefined;
  // A language switch button of a form (switch_lang) wins over the form's own language.
  const fromBody = request.body instanceof FormBody ? request.body.one('switch_lang') || request.body.one('lang') : undefined;
  return negotiate(allowed, fromBody || fromQuery || remembered, request.headers['accept-language']);
}

/** The path and query of a URL without its `lang`, for language links. */
export function withoutLang(url: string): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.delete('lang');
  const q = params.toString();
  return q ? `${path}?${q}` : path!;
}

/** Builds a page from its language, its path for the language links and its CSRF tokens. */
export function surfacePage(ctx: Context, lang: ReporterLocale, path: string, csrf: () => string): ReporterPage {
  const i18n = reporterTranslator(lang);
  return {
    t: i18n.t,
    i18n,
    lang,
    path,
    quickExitUrl: ctx.config.quickExitUrl,
    demo: ctx.demo.organisations.length > 0,
    csrf,
  };
}

/** A page of the reporter's own pages (report, follow-up, services, rights). */
export function reporterPage(ctx: Context, request: FastifyRequest): ReporterPage {
  return surfacePage(ctx, pageLocale(request), request.method === 'GET' ? pathOnly(request.url) : '/', () => csrfToken(request));
}

/** A public statistics or survey page; `allowed` narrows the languages (a survey's own). */
export function publicPage(ctx: Context, request: FastifyRequest, k: number, allowed?: readonly ReporterLocale[]): PublicPage {
  const path = request.method === 'GET' ? withoutLang(request.url) : pathOnly(request.url);
  return { ...surfacePage(ctx, pageLocale(request, allowed), path, () => csrfToken(request)), k };
}
