/**
 * The staff session: an encrypted cookie (secure-session) holding the user id,
 * a session id and a random per-session key, with a 30-minute idle and 12-hour
 * absolute timeout. The caseworker's unlocked X25519 secret key is split: the
 * server keeps it encrypted under the per-session key (ctx.staffKeys, in
 * memory or Redis, never the database), and only the cookie holds that key.
 * Ending the session destroys the server's half, so a copy of the cookie
 * taken at any time (a restored browser profile, a proxy log), opened with the
 * secrets file and set beside a full copy of the server, opens nothing once
 * the person has logged out, timed out, changed their password or been
 * deactivated. The cookie also carries the user's session epoch, which
 * logout, a password change and recovery raise. A separate, signed device
 * token marks browsers that have logged in before, for the login throttle.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findStaffSessionUser, type StaffUser } from '../../../core/accounts/accounts.service.js';
import { deviceMac, deviceMacValid, joinSessionKey, newDeviceId, newSessionId, splitSessionKey, type KeyPair } from '../../../core/accounts/session-keys.js';
import type { Context } from '../../../context.js';
import { parseUserId, type UserId } from '../../../core/shared/ids.js';

export interface StaffAuth {
  readonly user: StaffUser;
  readonly keyPair: KeyPair;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    uid: string;
    sid: string;
    kk: string;
    iat: number;
    seen: number;
    ep: number;
    lang: string;
    flash: string;
  }
}

export type SessionState = { kind: 'none' } | { kind: 'expired' } | { kind: 'ok'; auth: StaffAuth };

/** How long the server's half may live from now: until the idle or the absolute timeout, whichever comes first. */
function halfLifetime(ctx: Context, iat: number, now: number): number {
  return Math.max(1, Math.min(ctx.config.staffIdleMs, iat + ctx.config.staffAbsoluteMs - now));
}

/** Reads and refreshes the session; expired or ended sessions are cleared, their server half destroyed. */
export async function readStaffSession(ctx: Context, request: FastifyRequest): Promise<SessionState> {
  const s = request.session;
  const uid = s.get('uid');
  const sid = s.get('sid');
  const kk = s.get('kk');
  if (!uid || !sid || !kk) return { kind: 'none' };
  const now = ctx.clock.now().getTime();
  const iat = Number(s.get('iat') ?? 0);
  const seen = Number(s.get('seen') ?? 0);
  if (now - seen > ctx.config.staffIdleMs || now - iat > ctx.config.staffAbsoluteMs) {
    await endStaffSession(ctx, request);
    return { kind: 'expired' };
  }
  // The cookie is sealed by the server, so its id is well formed; one that is not is answered as an unknown user.
  const userId = parseUserId(uid);
  const found = userId ? await findStaffSessionUser(ctx.core.db, userId) : null;
  if (!found || found.epoch !== Number(s.get('ep') ?? 0)) {
    await endStaffSession(ctx, request);
    return { kind: 'none' };
  }
  let half: Buffer | null;
  try {
    half = await ctx.staffKeys.take(sid, halfLifetime(ctx, iat, now));
  } catch {
    half = null;
  }
  const keyPair = half ? joinSessionKey(sid, found.user.id, kk, half) : null;
  // The server's half is gone (a restart, Redis flushed): the person logs in again, told plainly that the session ended.
  if (!keyPair) {
    await endStaffSession(ctx, request);
    return { kind: 'expired' };
  }
  s.set('seen', now);
  return { kind: 'ok', auth: { user: found.user, keyPair } };
}

/** Gives this browser a fresh session id and key and the server the matching half of the key pair. */
async function placeHalves(ctx: Context, request: FastifyRequest, userId: UserId, keyPair: KeyPair, iat: number, now: number): Promise<void> {
  const s = request.session;
  const sid = newSessionId();
  const { half, sessionKey } = splitSessionKey(sid, userId, keyPair);
  await ctx.staffKeys.put(sid, userId, half, halfLifetime(ctx, iat, now));
  s.set('sid', sid);
  s.set('kk', sessionKey);
}

export async function startStaffSession(ctx: Context, request: FastifyRequest, auth: StaffAuth, lang: string, epoch: number): Promise<void> {
  const s = request.session;
  const previous = s.get('sid');
  if (previous) await ctx.staffKeys.drop(previous);
  // A fresh session on login: nothing from before it (a planted CSRF secret, say) carries over.
  for (const key of ['csrf', 'flash'] as const) s.set(key, undefined);
  const now = ctx.clock.now().getTime();
  await placeHalves(ctx, request, auth.user.id, auth.keyPair, now, now);
  s.set('uid', auth.user.id);
  s.set('iat', now);
  s.set('seen', now);
  s.set('lang', lang);
  s.set('ep', epoch);
}

/**
 * The session carries on after the person changed their password (and maybe
 * their key pair): every server half of the user's sessions is destroyed, this
 * one gets a fresh half and session key, and the new epoch.
 */
export async function renewStaffSession(ctx: Context, request: FastifyRequest, userId: UserId, keyPair: KeyPair, epoch: number): Promise<void> {
  await ctx.staffKeys.dropUser(userId);
  const now = ctx.clock.now().getTime();
  await placeHalves(ctx, request, userId, keyPair, Number(request.session.get('iat') ?? now), now);
  request.session.set('ep', epoch);
}

/**
 * Forgets everything of the session in this browser but its language: the
 * session key, the user, the form secret; and destroys the server's half. The
 * cookie stays, emptied, so the login page can still say why the person is
 * there (logged out, session ended).
 */
export async function endStaffSession(ctx: Context, request: FastifyRequest): Promise<void> {
  const sid = request.session.get('sid');
  // With Redis unreachable the half still dies with its expiry; the browser's side is forgotten regardless.
  if (sid) await ctx.staffKeys.drop(sid).catch(() => undefined);
  request.session.regenerate(['lang']);
}

const DEVICE_COOKIE = 'parasol_device';

/** The device id from this browser's device token, if it is valid for the user. */
export function deviceIdFor(ctx: Context, request: FastifyRequest, userId: UserId | undefined): string | null {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw || !userId) return null;
  for (const token of raw.split('~').slice(0, 5)) {
    const [uid, deviceId, mac] = token.split('.');
    if (uid === userId && deviceId && mac && deviceMacValid(ctx.secrets, userId, deviceId, mac)) return deviceId;
  }
  return null;
}

/** Gives this browser a device token for the user (kept for a year; one per account, up to five accounts). */
export function issueDeviceToken(ctx: Context, request: FastifyRequest, reply: FastifyReply, userId: UserId): void {
  if (deviceIdFor(ctx, request, userId)) return;
  const deviceId = newDeviceId();
  const others = (request.cookies[DEVICE_COOKIE] ?? '')
    .split('~')
    .filter((t) => t && !t.startsWith(`${userId}.`))
    .slice(0, 4);
  reply.setCookie(DEVICE_COOKIE, [...others, `${userId}.${deviceId}.${deviceMac(ctx.secrets, userId, deviceId)}`].join('~'), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    maxAge: 365 * 24 * 60 * 60,
  });
}
