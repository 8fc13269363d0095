/**
 * The staff surface. Deny by default at its root: a route is reachable
 * without a session only if it says so itself (config.public), never by URL
 * prefix; a route that names roles is refused to everyone else. Unknown
 * paths look the same as closed ones to someone who is not logged in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { registerHealthRoutes } from '../plugins/health.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { CASE_ROLES } from '../../core/accounts/accounts.service.js';
import { STATIC_DIR } from '../static-dir.js';
import { adminRoutes } from './accounts/admin.routes.js';
import { authRoutes } from './accounts/auth.routes.js';
import { staffConsentRoutes } from './consent/consent.routes.js';
import { staffMonitoringRoutes } from './monitoring/monitoring.routes.js';
import { staffRightsRoutes } from './rights/rights.routes.js';
import { staffSafetyRoutes } from './safety/safety.routes.js';
import { staffServicesRoutes } from './services/services.routes.js';
import { casesRoutes } from './cases/cases.routes.js';
import { redirectWith, sendPage, staffPage } from './render.js';
import { readStaffSession } from './accounts/staff-session.js';
import { StaffLayout } from './layout.view.js';
import type { StaffPage } from './page.js';
import type { StaffMessageId } from '../../i18n/staff/index.js';

/** The staff surface's only static files, served by explicit public routes. */
const ASSETS = { 'parasol.css': 'text/css; charset=utf-8', 'staff.css': 'text/css; charset=utf-8' } as const;

export async function staffRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  app.decorateRequest('staff', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config ?? {};
    const state = await readStaffSession(ctx, request);
    request.staff = state.kind === 'ok' ? state.auth : null;
    if (config.public) return;
    if (!request.staff) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        const page = await staffPage(ctx, request);
        return redirectWith(request, reply, '/login', state.kind === 'expired' ? page.t('login.expired') : undefined);
      }
      return reply.code(401).type('text/plain; charset=utf-8').send('Log in first.');
    }
    // Deny by default by role too: a route that names no roles is for those who handle cases.
    const roles = config.roles ?? (config.anyRole ? null : CASE_ROLES);
    if (roles && !roles.includes(request.staff.user.role)) {
      const page = await staffPage(ctx, request);
      return sendPage(reply, 403, <StaffMessage page={page} id="page.forbidden" />);
    }
  });

  for (const [file, type] of Object.entries(ASSETS)) {
    const body = fs.readFileSync(path.join(STATIC_DIR, file));
    app.get(`/static/${file}`, { config: { public: true } }, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=86400').send(body));
  }
  registerHealthRoutes(app, ctx, { detail: true });

  await app.register(authRoutes, { ctx });
  await app.register(casesRoutes, { ctx });
  await app.register(adminRoutes, { ctx });
  await app.register(staffServicesRoutes, { ctx });
  await app.register(staffRightsRoutes, { ctx });
  await app.register(staffSafetyRoutes, { ctx });
  await app.register(staffMonitoringRoutes, { ctx });
  await app.register(staffConsentRoutes, { ctx });

  app.setNotFoundHandler(async (request, reply) => {
    // Not logged in: the same answer as for any closed page.
    if (!request.staff) {
      const state = await readStaffSession(ctx, request);
      if (state.kind !== 'ok') return reply.code(303).redirect('/login');
      request.staff = state.auth;
    }
    const page = await staffPage(ctx, request);
    return sendPage(reply, 404, <StaffMessage page={page} id="page.notFound" />);
  });
}

function StaffMessage({ page, id }: { page: StaffPage; id: StaffMessageId }) {
  return (
    <StaffLayout page={page} title={page.t(id)}>
      <h1>{page.t(id)}</h1>
    </StaffLayout>
  );
}

/** The staff surface's error page (used by the error handler). */
export async function staffErrorPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, status: number): Promise<FastifyReply> {
  const page = await staffPage(ctx, request);
  const id: StaffMessageId = status === 413 ? 'page.tooLarge' : status === 404 ? 'page.notFound' : 'page.error';
  return sendPage(reply, status, <StaffMessage page={page} id={id} />);
}
