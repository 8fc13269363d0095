/**
 * Caseworker credentials. One Argon2id run over the password (per-account
 * salt) gives 64 bytes: SHA-256 of the first half is stored to check the
 * password; the second half is the key-encryption key that wraps the
 * caseworker's X25519 secret key. The stored verifier reveals nothing of the
 * wrapping key, so a copy of the database cannot unwrap keys without the
 * password, and guessing the password costs an Argon2id run per guess.
 *
 * The same secret key is also wrapped under a recovery key: 160 random bits,
 * shown once as 32 base32 characters, turned into a wrapping key with
 * crypto_kdf (it is already uniformly random, so no slow KDF is needed).
 */
import { createHash } from 'node:crypto';
import { decrypt, encrypt, keyPairFromSecretKey } from './envelope.js';
import type { KdfPool } from './kdf.js';
import { timingSafeEqual } from './keyed-hash.js';
import { randomBytes } from './random.js';
import { deriveSubkey } from './subkeys.js';
import { CryptoError, type Ciphertext, type ContentKey, type KdfParams, type KeyPair } from './types.js';
import { SUBKEY_CONTEXTS } from './contexts.js';

export interface LoginSecrets {
  /** Hex SHA-256 of the first half of the Argon2id output. */
  readonly verifier: string;
  /** The second half: wraps the secret key. */
  readonly kek: ContentKey;
}

/** Derives the password verifier and key-encryption key. Passwords are NFC-normalised first. */
export async function deriveLoginSecrets(password: string, salt: Buffer, params: KdfParams, pool: KdfPool): Promise<LoginSecrets> {
  const out = await pool.derive(Buffer.from(password.normalize('NFC'), 'utf8'), salt, params, 64);
  const verifier = createHash('sha256').update(out.subarray(0, 32)).digest('hex');
  const kek = Buffer.from(out.subarray(32, 64)) as ContentKey;
  out.fill(0);
  return { verifier, kek };
}

/** Constant-time check of a derived verifier against the stored one. */
export function verifierMatches(derived: string, stored: string): boolean {
  return timingSafeEqual(Buffer.from(derived, 'hex'), Buffer.from(stored, 'hex'));
}

/** Wraps a secret key under a key-encryption key, bound to the account and purpose. */
export function wrapSecretKey(kek: ContentKey, keyPair: KeyPair, context: string): Ciphertext {
  return encrypt(kek, keyPair.secretKey, context);
}

/** Unwraps a secret key; throws CryptoError when the key-encryption key is wrong. */
export function unwrapSecretKey(kek: ContentKey, wrapped: Buffer, context: string): KeyPair {
  return keyPairFromSecretKey(decrypt(kek, wrapped, context));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const i = B32.indexOf(ch);
    if (i === -1) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export const RECOVERY_KEY_BYTES = 20;

/** A fresh recovery key, formatted for writing down: eight groups of four characters. */
export function generateRecoveryKey(): string {
  return base32(randomBytes(RECOVERY_KEY_BYTES)).replace(/(.{4})(?=.)/g, '$1-');
}

/** The wrapping key for a recovery key as typed (case, spaces and dashes ignored; 0/1/8 read as O/I/B). */
export function recoveryKek(typed: string): ContentKey {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '').replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B');
  const bytes = clean.length === 32 ? unbase32(clean) : null;
  if (!bytes || bytes.length !== RECOVERY_KEY_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_RECOVERY_KEY', 'not a recovery key');
  const master = createHash('sha256').update('parasol/recovery\u0000').update(bytes).digest();
  return deriveSubkey(master, SUBKEY_CONTEXTS.recovery, 1);
}
