/**
 * Keys for the encrypted cookies (@fastify/secure-session: XSalsa20-Poly1305),
 * each a subkey of the session keys under its own context, so that one
 * surface's cookie never opens as another's. Newest first, so that rotated
 * keys still open old cookies.
 */
import { deriveSubkey } from '../../crypto/index.js';

/** Keys of the form and staff session cookies. */
export function sessionCookieKeys(sessionKeys: readonly Buffer[]) {
  return sessionKeys.map((k) => deriveSubkey(k, 'cookie01', 1));
}

/** Keys of the member session cookie. */
export function memberCookieKeys(sessionKeys: readonly Buffer[]) {
  return sessionKeys.map((k) => deriveSubkey(k, 'membcook', 1));
}
