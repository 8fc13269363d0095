/**
 * Health and readiness, on both listeners. /healthz: the process is up and
 * the database answers a read. /readyz: the database takes a real write (a
 * heartbeat counter) and the key vault can be read; a load balancer stops
 * sending work on 503. Neither ever shows a driver's error text: that names
 * addresses and ports, and on the public listener anyone can ask.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { checkReadiness, databaseAnswers } from '../../core/health/health.service.js';

/** Adds GET /healthz and GET /readyz (marked public for the staff surface's deny-by-default guard). */
export function registerHealthRoutes(app: FastifyInstance, ctx: Context, opts: { readonly detail: boolean }): void {
  const answer = { config: { public: true } };
  app.get('/healthz', answer, async (_request, reply) => {
    const ok = await databaseAnswers(ctx.core.db);
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .type('application/json')
      .send({ status: ok ? 'ok' : 'unavailable' });
  });
  app.get('/readyz', answer, async (_request, reply) => {
    const r = await checkReadiness(ctx.core.db, ctx.core.vault, ctx.config.dataDir);
    const body = opts.detail ? { status: r.ready ? 'ready' : 'unavailable', database: r.database, vault: r.vault, space: r.space } : { status: r.ready ? 'ready' : 'unavailable' };
    return reply
      .code(r.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .type('application/json')
      .send(body);
  });
}
