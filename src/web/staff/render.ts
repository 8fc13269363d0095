/** Shared helpers for staff routes: the page object, rendering, redirects with a notice. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Context } from '../../context.js';
import { findOrganisation } from '../../core/organisations/organisations.repository.js';
import { negotiate } from '../../i18n/locales.js';
import { STAFF_LOCALES, staffTranslator } from '../../i18n/staff/index.js';
import { renderDocument } from '../html/render.js';
import { FormBody } from '../plugins/form-body.js';
import { csrfToken } from '../plugins/session.js';
import type { StaffPage } from './page.js';
import type { StaffAuth } from './accounts/staff-session.js';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffAuth | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, invitation, recovery, assets, health). Everything else is closed. */
    public?: boolean;
    /** Roles allowed; absent means the roles that handle cases (never a monitor). */
    roles?: readonly string[];
    /** Open to every logged-in staff member, monitors included (their own account, logging out). */
    anyRole?: boolean;
  }
}

/** The body as a FormBody (empty when the request had none). */
export function form(request: FastifyRequest): FormBody {
  return request.body instanceof FormBody ? request.body : new FormBody();
}

/** A query or parameter value as text, cut to `max` characters (anything else is empty). */
export function str(v: unknown, max = 100): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

function pathWithoutLang(url: string): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.delete('lang');
  const q = params.toString();
  return q ? `${path}?${q}` : path!;
}

export async function staffPage(ctx: Context, request: FastifyRequest): Promise<StaffPage> {
  const query = request.query as Record<string, unknown> | undefined;
  // The language comes with a link (?lang=) or with a form that was shown in it (a hidden lang field).
  const fromBody = request.body instanceof FormBody ? request.body.one('lang') : '';
  const explicit = typeof query?.lang === 'string' ? query.lang : fromBody || undefined;
  const lang = negotiate(STAFF_LOCALES, explicit ?? request.session.get('lang'), request.headers['accept-language']);
  if (explicit && request.staff) request.session.set('lang', lang);
  const i18n = staffTranslator(lang);
  const flash = request.session.get('flash') ?? null;
  if (flash) request.session.set('flash', undefined);
  const org = request.staff ? await findOrganisation(ctx.core.db, request.staff.user.organisationId) : undefined;
  return {
    t: i18n.t,
    i18n,
    lang,
    path: request.method === 'GET' ? pathWithoutLang(request.url) : '/inbox',
    csrf: () => csrfToken(request),
    auth: request.staff,
    organisationName: org?.name ?? '',
    demo: ctx.demo.organisations.length > 0,
    flash,
  };
}

export function sendPage(reply: FastifyReply, status: number, tree: VNode): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(tree));
}

/** Post/redirect/get with a one-off notice. */
export function redirectWith(request: FastifyRequest, reply: FastifyReply, to: string, notice?: string): FastifyReply {
  if (notice) request.session.set('flash', notice);
  return reply.code(303).redirect(to);
}
