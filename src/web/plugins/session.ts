/**
 * The encrypted cookie session (@fastify/secure-session: XSalsa20-Poly1305
 * under keys derived from the secrets file, newest first so that rotated keys
 * still open old cookies), and CSRF tokens bound to a secret kept in it
 * (@fastify/csrf). A failed check does not throw: the route shows the form
 * again, with everything typed, and a fresh token.
 */
import secureSession from '@fastify/secure-session';
import Tokens from '@fastify/csrf';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionCookieKeys } from '../../core/sessions/cookie-keys.js';
import { FormBody } from './form-body.js';

export interface SessionOptions {
  readonly cookieName: string;
  readonly sessionKeys: readonly Buffer[];
  readonly secure: boolean;
  /** Seconds a session lives without being refreshed. */
  readonly expiry: number;
}

export async function registerSession(app: FastifyInstance, opts: SessionOptions): Promise<void> {
  await app.register(secureSession, {
    cookieName: opts.cookieName,
    key: sessionCookieKeys(opts.sessionKeys),
    expiry: opts.expiry,
    cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secure },
  });
}

const tokens = Tokens();

/** A CSRF token for this request's session, creating the session secret when needed. */
export function csrfToken(request: FastifyRequest): string {
  let secret = request.session.get('csrf') as string | undefined;
  if (!secret) {
    secret = tokens.secretSync();
    request.session.set('csrf', secret);
  }
  return tokens.create(secret);
}

/** True when the form's `_csrf` field matches the session's secret. */
export function csrfValid(request: FastifyRequest): boolean {
  const secret = request.session.get('csrf') as string | undefined;
  const body = request.body;
  const token = body instanceof FormBody ? body.one('_csrf') : '';
  if (!secret || !token) return false;
  return tokens.verify(secret, token);
}

declare module '@fastify/secure-session' {
  interface SessionData {
    csrf: string;
    /** No longer set (the receipt page's token has a cookie of its own): only cleared from cookies set before. */
    receiptForm: string;
  }
}
