/**
 * Builds the two surfaces as separate Fastify servers (guarantee 12): the
 * reporter surface, for the world and a Tor onion service, and the staff
 * surface, for behind a VPN. They share plugins but never routes, sessions
 * or cookies.
 */
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { demoOrganisationNames } from '../core/organisations/organisations.repository.js';
import { registerDrain } from './plugins/drain.js';
import { registerErrorHandler } from './plugins/errors.js';
import { registerHealthRoutes } from './plugins/health.js';
import { refuseCompressedBodies, registerFormParser } from './plugins/form-body.js';
import { loggerOptions } from './plugins/logging.js';
import { registerSecurity } from './plugins/security.js';
import { registerSession } from './plugins/session.js';
import { reporterErrorPage, reporterRoutes } from './reporter/reporter.routes.js';
import { staffErrorPage, staffRoutes } from './staff/staff.routes.js';
import { STATIC_DIR } from './static-dir.js';

export { STATIC_DIR };

export interface BuildOptions {
  /** Where log lines go (tests capture them); defaults to stdout. */
  readonly logStream?: NodeJS.WritableStream;
}

function baseServer(ctx: Context, opts: BuildOptions, surface: 'reporter' | 'staff'): FastifyInstance {
  const reporter = surface === 'reporter';
  return Fastify({
    logger: loggerOptions(ctx.config.logLevel, opts.logStream, reporter),
    // The reporter surface logs no request lines: only refusals and faults, by code.
    logController: new LogController({ disableRequestLogging: reporter }),
    // Never read client-supplied addresses or request ids.
    trustProxy: false,
    requestIdHeader: false,
    bodyLimit: 64 * 1024,
    // Slow connections (Tor, cheap phones) get time; idle ones are closed.
    connectionTimeout: 120_000,
    keepAliveTimeout: 10_000,
    requestTimeout: 120_000,
    // Draining answers 503 with a page of our own (plugins/drain), not Fastify's JSON.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
}

async function shared(app: FastifyInstance, ctx: Context): Promise<void> {
  // After each answer (its transaction committed), this instance's audit checkpoint follows the chain's head.
  app.addHook('onResponse', async () => {
    void ctx.auditAnchor.follow(ctx.database.db);
  });
  registerFormParser(app);
  refuseCompressedBodies(app);
  await registerSecurity(app, { hsts: ctx.config.secureCookies });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
}

/** The reporter surface. */
export async function buildReporterApp(ctx: Context, opts: BuildOptions = {}): Promise<FastifyInstance> {
  ctx.demo.organisations = await demoOrganisationNames(ctx.core.db);
  const app = baseServer(ctx, opts, 'reporter');
  registerDrain(app, (request, reply) => reporterErrorPage(ctx, request, reply, 503));
  await shared(app, ctx);
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1d', immutable: false, index: false, decorateReply: false });
  // Browsers ask for it on their own; an empty, cacheable answer costs less than the 404 page.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).header('cache-control', 'public, max-age=604800').send());
  registerHealthRoutes(app, ctx, { detail: false });
  await registerSession(app, { cookieName: 'parasol_form', sessionKeys: ctx.secrets.sessionKeys, secure: ctx.config.secureCookies, expiry: 24 * 60 * 60 });
  registerErrorHandler(app, (request, reply, status) => reporterErrorPage(ctx, request, reply, status));
  await app.register(reporterRoutes, { ctx });
  return app;
}

/** The staff surface. */
export async function buildStaffApp(ctx: Context, opts: BuildOptions = {}): Promise<FastifyInstance> {
  ctx.demo.organisations = await demoOrganisationNames(ctx.core.db);
  const app = baseServer(ctx, opts, 'staff');
  registerDrain(app, (request, reply) => staffErrorPage(ctx, request, reply, 503));
  await shared(app, ctx);
  await registerSession(app, { cookieName: 'parasol_staff', sessionKeys: ctx.secrets.sessionKeys, secure: ctx.config.secureCookies, expiry: Math.ceil(ctx.config.staffAbsoluteMs / 1000) });
  registerErrorHandler(app, (request, reply, status) => staffErrorPage(ctx, request, reply, status));
  await app.register(staffRoutes, { ctx });
  return app;
}
