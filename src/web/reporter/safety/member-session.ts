/**
 * The member session: its own encrypted cookie (@fastify/secure-session,
 * XSalsa20-Poly1305 under a subkey of the session keys with its own
 * context, so it never opens as the reporter's form cookie or the staff
 * cookie), limited to /members, SameSite=Strict, with idle and absolute
 * timeouts and an epoch that a password change or a caseworker's decision
 * bumps to end every session at once. CSRF tokens are bound to a secret in it.
 */
import Tokens from '@fastify/csrf';
import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { findActiveMember, type Member } from '../../../core/safety/members.service.js';
import { memberCookieKeys } from '../../../core/sessions/cookie-keys.js';
import { FormBody } from '../../plugins/form-body.js';
import { parseMemberId } from '../../../core/shared/ids.js';

export const MEMBER_COOKIE = 'parasol_member';
export const MEMBER_IDLE_MS = 7 * 24 * 3600_000;
export const MEMBER_ABSOLUTE_MS = 30 * 24 * 3600_000;

interface MemberSessionData {
  mid?: string;
  ep?: number;
  iat?: number;
  seen?: number;
  csrf?: string;
  flash?: string;
}

/** The few methods of a secure-session object this module uses. */
export interface MemberSessionStore {
  get<K extends keyof MemberSessionData>(key: K): MemberSessionData[K] | undefined;
  set<K extends keyof MemberSessionData>(key: K, value: MemberSessionData[K] | undefined): void;
  delete(): void;
  /** Removes every value except the ones named (secure-session). */
  regenerate(keep?: string[]): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    member: Member | null;
  }
}

/** The member session object of a request. */
export function memberSession(request: FastifyRequest): MemberSessionStore {
  return (request as unknown as { memberSession: MemberSessionStore }).memberSession;
}

export async function registerMemberSession(app: FastifyInstance, ctx: Context): Promise<void> {
  await app.register(secureSession, {
    sessionName: 'memberSession',
    cookieName: MEMBER_COOKIE,
    key: memberCookieKeys(ctx.secrets.sessionKeys),
    expiry: Math.ceil(MEMBER_ABSOLUTE_MS / 1000),
    cookie: { path: '/members', httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies },
  });
  app.decorateRequest('member', null);
  app.addHook('preHandler', async (request) => {
    request.member = await readMember(ctx, request);
  });
}

async function readMember(ctx: Context, request: FastifyRequest): Promise<Member | null> {
  const s = memberSession(request);
  const mid = s.get('mid');
  const ep = s.get('ep');
  if (!mid || typeof ep !== 'number') return null;
  const now = ctx.clock.now().getTime();
  if (now - Number(s.get('seen') ?? 0) > MEMBER_IDLE_MS || now - Number(s.get('iat') ?? 0) > MEMBER_ABSOLUTE_MS) {
    endMemberSession(request);
    return null;
  }
  // The cookie is sealed by the server, so its id is well formed; one that is not is answered as an unknown member.
  const id = parseMemberId(mid);
  const member = id ? await findActiveMember(ctx.core.db, id, ep) : null;
  if (!member) {
    endMemberSession(request);
    return null;
  }
  // Refresh at most once a minute, so a burst of requests does not rewrite the cookie each time.
  if (now - Number(s.get('seen') ?? 0) > 60_000) s.set('seen', now);
  return member;
}

export function startMemberSession(ctx: Context, request: FastifyRequest, member: Member): void {
  const s = memberSession(request);
  // Nothing from before login (a planted CSRF secret, say) carries over.
  s.set('csrf', undefined);
  s.set('flash', undefined);
  const now = ctx.clock.now().getTime();
  s.set('mid', member.id);
  s.set('ep', member.sessionEpoch);
  s.set('iat', now);
  s.set('seen', now);
}

/** Forgets the member in this browser; the cookie stays, emptied, so a notice can still follow. */
export function endMemberSession(request: FastifyRequest): void {
  memberSession(request).regenerate([]);
}

const tokens = Tokens();
/** One token per response: every form on a page can carry the same one. */
const issued = new WeakMap<FastifyRequest, string>();

export function memberCsrfToken(request: FastifyRequest): string {
  const made = issued.get(request);
  if (made) return made;
  const s = memberSession(request);
  let secret = s.get('csrf');
  if (!secret) {
    secret = tokens.secretSync();
    s.set('csrf', secret);
  }
  const token = tokens.create(secret);
  issued.set(request, token);
  return token;
}

/** True when the form's `_csrf` matches the member session's secret. */
export function memberCsrfValid(request: FastifyRequest): boolean {
  const secret = memberSession(request).get('csrf');
  const token = request.body instanceof FormBody ? request.body.one('_csrf') : '';
  if (!secret || !token) return false;
  return tokens.verify(secret, token);
}

/** A one-off notice shown on the next page. */
export function setFlash(request: FastifyRequest, text: string): void {
  memberSession(request).set('flash', text);
}

export function takeFlash(request: FastifyRequest): string | null {
  const s = memberSession(request);
  const f = s.get('flash') ?? null;
  if (f) s.set('flash', undefined);
  return f;
}
