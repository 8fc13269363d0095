/**
 * The key halves of a staff session (see web/staff/accounts/staff-session.ts):
 * the caseworker's unlocked X25519 secret key is encrypted under a random
 * per-session key; the server keeps the ciphertext (memory or Redis, never the
 * database) and only the cookie holds the session key. Also the MAC of the
 * device token that marks browsers which have logged in before.
 */
import { decrypt, deriveSubkey, encrypt, hmacSha256, keyPairFromSecretKey, newContentKey, randomId, timingSafeEqual, type ContentKey, type KeyPair } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';
import type { UserId } from '../shared/ids.js';

export type { KeyPair } from '../../crypto/index.js';

/** The associated data of a session's half: it opens only for that session and user. */
const halfContext = (sessionId: string, userId: UserId) => `staff-session:${sessionId}:${userId}:sk`;

/** A fresh, random session id. */
export function newSessionId(): string {
  return randomId();
}

/** Splits the secret key: the server's half (ciphertext) and the session key for the cookie (base64). */
export function splitSessionKey(sessionId: string, userId: UserId, keyPair: KeyPair): { half: Buffer; sessionKey: string } {
  const kk = newContentKey();
  const half = encrypt(kk, keyPair.secretKey, halfContext(sessionId, userId));
  const sessionKey = kk.toString('base64');
  kk.fill(0);
  return { half, sessionKey };
}

/** Joins the halves again: the key pair, or null when they do not open. */
export function joinSessionKey(sessionId: string, userId: UserId, sessionKey: string, half: Buffer): KeyPair | null {
  try {
    return keyPairFromSecretKey(decrypt(Buffer.from(sessionKey, 'base64') as ContentKey, half, halfContext(sessionId, userId)));
  } catch {
    return null;
  }
}

/** A fresh, random device id. */
export function newDeviceId(): string {
  return randomId().slice(0, 16);
}

/** The MAC of a device token for the user. */
export function deviceMac(secrets: Secrets, userId: UserId, deviceId: string): string {
  return hmacSha256(deriveSubkey(secrets.sessionKeys[0]!, 'devicetk', 1), `${userId}.${deviceId}`).toString('base64url');
}

/** Whether a device token's MAC is valid for the user (in constant time). */
export function deviceMacValid(secrets: Secrets, userId: UserId, deviceId: string, mac: string): boolean {
  return timingSafeEqual(mac, deviceMac(secrets, userId, deviceId));
}
