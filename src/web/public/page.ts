/**
 * What every public statistics view receives: the reporter surface's
 * translator and language (chosen by `lang`, then Accept-Language), the
 * path for the language switcher, and k.
 */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { negotiate, REPORTER_LOCALES, type ReporterLocale } from '../../i18n/locales.js';
import { reporterTranslator, type ReporterTranslator } from '../../i18n/reporter/index.js';
import { FormBody } from '../plugins/form-body.js';
import { pathOnly } from '../plugins/logging.js';
import { csrfToken } from '../plugins/session.js';

export interface PublicPage {
  readonly t: ReporterTranslator['t'];
  readonly i18n: ReporterTranslator;
  readonly lang: ReporterLocale;
  /** The current path and query without `lang`, for language links. */
  readonly path: string;
  readonly quickExitUrl: string;
  /** True on a demo installation: every page then says so. */
  readonly demo: boolean;
  readonly k: number;
  readonly csrf: () => string;
}

export function publicLocale(request: FastifyRequest, allowed: readonly ReporterLocale[] = REPORTER_LOCALES): ReporterLocale {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = typeof query?.lang === 'string' ? query.lang : undefined;
  const fromBody = request.body instanceof FormBody ? request.body.one('lang') : undefined;
  return negotiate(allowed, fromBody || fromQuery, request.headers['accept-language']);
}

function withoutLang(url: string): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.delete('lang');
  const q = params.toString();
  return q ? `${path}?${q}` : path!;
}

export function publicPage(ctx: Context, request: FastifyRequest, k: number, allowed?: readonly ReporterLocale[]): PublicPage {
  const lang = publicLocale(request, allowed);
  const i18n = reporterTranslator(lang);
  return {
    t: i18n.t,
    i18n,
    lang,
    path: request.method === 'GET' ? withoutLang(request.url) : pathOnly(request.url),
    quickExitUrl: ctx.config.quickExitUrl,
    demo: ctx.demo.organisations.length > 0,
    k,
    csrf: () => csrfToken(request),
  };
}
