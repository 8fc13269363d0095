/**
 * The second factor's secret, carried through the set-up form while a new
 * colleague types their details: sealed for this invitation, for an hour.
 */
import { decryptJson, deriveSubkey, encryptJson } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';
import type { Clock } from '../shared/deps.js';

const SETUP_TTL_MS = 60 * 60 * 1000;

function setupKey(secrets: Secrets) {
  return deriveSubkey(secrets.sessionKeys[0]!, 'totpsetu', 1);
}

/** The secret a carrier holds, if it is sound, for this invitation and not stale; otherwise null. */
export function openTotpSetup(secrets: Secrets, clock: Clock, carried: string, invitationId: string): string | null {
  try {
    const c = decryptJson<{ s: string; i: string; e: number }>(setupKey(secrets), Buffer.from(carried, 'base64url'), 'totp-setup');
    if (c.i === invitationId && c.e > clock.now().getTime()) return c.s;
  } catch {
    // A tampered or stale carrier: start the second factor afresh.
  }
  return null;
}

/** Seals the secret for the form. */
export function sealTotpSetup(secrets: Secrets, clock: Clock, secret: string, invitationId: string): string {
  return encryptJson(setupKey(secrets), { s: secret, i: invitationId, e: clock.now().getTime() + SETUP_TTL_MS }, 'totp-setup').toString('base64url');
}
