/**
 * Security headers for both surfaces: a strict Content-Security-Policy (no
 * inline script or style, nothing from other origins), no referrer, no
 * framing, and no-store on every dynamic response. Registered at the root so
 * they apply to error and 404 responses too.
 *
 * Helmet decides the headers once, at start-up, and each response gets the
 * same set: they do not depend on the request, and running helmet's
 * middleware for every request cost more than the rest of a small page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  workerSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  // No upgrade-insecure-requests: it breaks plain-http onion services and local use.
  upgradeInsecureRequests: null,
} as const;

/** The headers helmet sets for these options, read once from its middleware. */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown = null;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failed = err ?? null;
  });
  if (failed) throw failed instanceof Error ? failed : new Error('helmet refused its options');
  return headers;
}

export async function registerSecurity(app: FastifyInstance, opts: { hsts: boolean }): Promise<void> {
  const headers = {
    ...helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES as unknown as Record<string, string[] | null> },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: opts.hsts ? { maxAge: 31536000, includeSubDomains: true } : false,
      xFrameOptions: { action: 'deny' },
    }),
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  };
  // Set first, so that a route may still replace one of them (its own header wins).
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
