/**
 * The public, anonymous surface. Every page works without JavaScript, sets
 * no tracking cookie and is never cached. Nothing a reporter types is stored
 * before they press submit (guarantee 4): forms are re-rendered from the
 * posted values, never from server state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { listOrganisations } from '../../core/organisations/organisations.repository.js';
import type { ReporterMessageId } from '../../i18n/reporter/index.js';
import { reporterPage } from '../html/page.js';
import { sendHtml } from '../html/render.js';
import { followUpRoutes } from './follow-up/follow-up.routes.js';
import { LandingView } from './landing.view.js';
import { membersRoutes } from './safety/members.routes.js';
import { MessageView, notFoundPage } from './message.view.js';
import { reportRoutes } from './report/report.routes.js';
import { rightsRoutes } from './rights/rights.routes.js';
import { servicesReporterRoutes } from './services/services.routes.js';
import { publicRoutes } from './statistics/statistics.routes.js';

export async function reporterRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

  app.get('/', async (request, reply) => {
    const orgs = await listOrganisations(db);
    return sendHtml(reply, 200, <LandingView page={reporterPage(ctx, request)} organisations={orgs.map((o) => o.name)} />);
  });

  await app.register(reportRoutes, { ctx });
  await app.register(followUpRoutes, { ctx });
  await app.register(servicesReporterRoutes, { ctx });
  await app.register(rightsRoutes, { ctx });
  await app.register(membersRoutes, { ctx });
  await app.register(publicRoutes, { ctx });

  app.setNotFoundHandler(async (request, reply) => notFoundPage(ctx, request, reply));
}

/** Renders a short error page for the reporter surface (used by the error handler). */
export function reporterErrorPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, status: number): FastifyReply {
  const [title, body]: [ReporterMessageId, ReporterMessageId] =
    status === 413
      ? ['page.tooLarge.title', 'page.tooLarge.body']
      : status === 429
        ? ['page.busy.title', 'page.busy.body']
        : status === 404
          ? ['page.notFound.title', 'page.notFound.body']
          : ['page.error.title', 'page.error.body'];
  return sendHtml(reply, status, <MessageView page={reporterPage(ctx, request)} title={title} body={body} />);
}
