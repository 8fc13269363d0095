/**
 * TOTP (RFC 6238, otplib): 6 digits, 30-second steps, one step of tolerance
 * either way, and no code accepted twice (the last accepted step is stored).
 * Secrets are stored encrypted under a server key from the secrets file.
 */
import { generateSecret, generateURI, verify } from 'otplib';
import { SUBKEY_CONTEXTS, decrypt, deriveSubkey, encrypt } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';
import type { UserId } from '../shared/ids.js';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: 'Parasol', label, secret });
}

export interface TotpCheck {
  readonly valid: boolean;
  readonly step: number | null;
}

/** Checks a code; `afterStep` rejects replays of an already used code. */
export async function checkTotp(secret: string, code: string, now: Date, afterStep: number | null): Promise<TotpCheck> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return { valid: false, step: null };
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  } as Parameters<typeof verify>[0]);
  if (!result.valid) return { valid: false, step: null };
  return { valid: true, step: (result as { timeStep?: number }).timeStep ?? null };
}

function totpKey(secrets: Secrets) {
  return deriveSubkey(secrets.pepper, SUBKEY_CONTEXTS.totpSecret, 1);
}

export function sealTotpSecret(secrets: Secrets, userId: UserId, secret: string): Buffer {
  return encrypt(totpKey(secrets), Buffer.from(secret, 'utf8'), `user:${userId}:totp`);
}

export function openTotpSecret(secrets: Secrets, userId: UserId, sealed: Buffer): string {
  return decrypt(totpKey(secrets), sealed, `user:${userId}:totp`).toString('utf8');
}
