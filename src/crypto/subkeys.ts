/**
 * Server-side subkeys derived from one master secret (libsodium crypto_kdf:
 * BLAKE2b keyed with the master, with an 8-byte context and a numeric id), so
 * one secret in the secrets file yields independent keys for each purpose.
 */
import sodium from './sodium.js';
import { CryptoError, type ContentKey } from './types.js';

export const MASTER_KEY_BYTES = sodium.crypto_kdf_KEYBYTES;

/** Derives a 32-byte subkey for `context` (exactly 8 ASCII characters) and `id`. */
export function deriveSubkey(master: Buffer, context: string, id: number): ContentKey {
  if (master.length !== MASTER_KEY_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'master key must be 32 bytes');
  if (Buffer.byteLength(context, 'ascii') !== sodium.crypto_kdf_CONTEXTBYTES) {
    throw new CryptoError('PSL_CRYPTO_BAD_CONTEXT', 'subkey context must be 8 bytes');
  }
  const out = Buffer.alloc(32);
  sodium.crypto_kdf_derive_from_key(out, id, Buffer.from(context, 'ascii'), master);
  return out as ContentKey;
}
