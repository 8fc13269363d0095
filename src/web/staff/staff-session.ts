/**
 * The staff session: an encrypted cookie (secure-session) holding the user id
 * and the caseworker's unlocked X25519 secret key, with a 30-minute idle and
 * 12-hour absolute timeout. The key never touches the database or a shared
 * store; logging out or timing out drops it. The cookie also carries the
 * user's session epoch, which logout, a password change and recovery raise:
 * a copy of the cookie taken earlier (a shared computer, a proxy log) opens
 * nothing once the person has logged out. A separate, signed device token
 * marks browsers that have logged in before, for the login throttle.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hmacSha256, keyPairFromSecretKey, randomId, timingSafeEqual, type KeyPair, deriveSubkey } from '../../crypto/index.js';
import { findStaffSessionUser, type StaffUser } from '../../core/accounts/accounts.service.js';
import type { Context } from '../../context.js';

export interface StaffAuth {
  readonly user: StaffUser;
  readonly keyPair: KeyPair;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    uid: string;
    sk: string;
    iat: number;
    seen: number;
    ep: number;
    lang: string;
    flash: string;
  }
}

export type SessionState = { kind: 'none' } | { kind: 'expired' } | { kind: 'ok'; auth: StaffAuth };

/** Reads and refreshes the session; expired sessions are cleared. */
export async function readStaffSession(ctx: Context, request: FastifyRequest): Promise<SessionState> {
  const s = request.session;
  const uid = s.get('uid');
  const sk = s.get('sk');
  if (!uid || !sk) return { kind: 'none' };
  const now = ctx.clock.now().getTime();
  const iat = Number(s.get('iat') ?? 0);
  const seen = Number(s.get('seen') ?? 0);
  if (now - seen > ctx.config.staffIdleMs || now - iat > ctx.config.staffAbsoluteMs) {
    endStaffSession(request);
    return { kind: 'expired' };
  }
  const found = await findStaffSessionUser(ctx.core.db, uid);
  if (!found || found.epoch !== Number(s.get('ep') ?? 0)) {
    endStaffSession(request);
    return { kind: 'none' };
  }
  s.set('seen', now);
  return { kind: 'ok', auth: { user: found.user, keyPair: keyPairFromSecretKey(Buffer.from(sk, 'base64')) } };
}

export function startStaffSession(ctx: Context, request: FastifyRequest, auth: StaffAuth, lang: string, epoch: number): void {
  const s = request.session;
  // A fresh session on login: nothing from before it (a planted CSRF secret, say) carries over.
  for (const key of ['csrf', 'flash'] as const) s.set(key, undefined);
  const now = ctx.clock.now().getTime();
  s.set('uid', auth.user.id);
  s.set('sk', auth.keyPair.secretKey.toString('base64'));
  s.set('iat', now);
  s.set('seen', now);
  s.set('lang', lang);
  s.set('ep', epoch);
}

/** The session's epoch after the person changed their password (their other sessions have ended). */
export function renewStaffSessionEpoch(request: FastifyRequest, epoch: number): void {
  request.session.set('ep', epoch);
}

/**
 * Forgets everything of the session in this browser but its language: the
 * key, the user, the form secret. The cookie stays, emptied, so the login
 * page can still say why the person is there (logged out, session ended).
 */
export function endStaffSession(request: FastifyRequest): void {
  request.session.regenerate(['lang']);
}

const DEVICE_COOKIE = 'parasol_device';

function deviceMac(ctx: Context, userId: string, deviceId: string): string {
  return hmacSha256(deriveSubkey(ctx.secrets.sessionKeys[0]!, 'devicetk', 1), `${userId}.${deviceId}`).toString('base64url');
}

/** The device id from this browser's device token, if it is valid for the user. */
export function deviceIdFor(ctx: Context, request: FastifyRequest, userId: string | undefined): string | null {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw || !userId) return null;
  for (const token of raw.split('~').slice(0, 5)) {
    const [uid, deviceId, mac] = token.split('.');
    if (uid === userId && deviceId && mac && timingSafeEqual(mac, deviceMac(ctx, uid, deviceId))) return deviceId;
  }
  return null;
}

/** Gives this browser a device token for the user (kept for a year; one per account, up to five accounts). */
export function issueDeviceToken(ctx: Context, request: FastifyRequest, reply: FastifyReply, userId: string): void {
  if (deviceIdFor(ctx, request, userId)) return;
  const deviceId = randomId().slice(0, 16);
  const others = (request.cookies[DEVICE_COOKIE] ?? '').split('~').filter((t) => t && !t.startsWith(`${userId}.`)).slice(0, 4);
  reply.setCookie(DEVICE_COOKIE, [...others, `${userId}.${deviceId}.${deviceMac(ctx, userId, deviceId)}`].join('~'), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    maxAge: 365 * 24 * 60 * 60,
  });
}
