/**
 * Threshold custody of contact keys (2 of n). A contact key is split with
 * Shamir's secret sharing over GF(2^8) (the audited `shamir-secret-sharing`
 * library: a 32-byte key gives 33-byte shares, the last byte being the share's
 * x-coordinate), and each share is sealed to one custodian's X25519 public key
 * with a sealed box. One share alone says nothing about the key; any two
 * shares of the same split give it back.
 *
 * Layout of a sealed share (version 1):
 *   "PSL" | version 0x01 | algorithm 0x03 | crypto_box_seal(BLAKE2b-256(context) | share)
 * A sealed box has no associated data, so the context (report, purpose and
 * recipient) is hashed into the sealed plaintext and checked on opening: a
 * share moved to another row or purpose is refused instead of being combined.
 */
import { combine, split } from 'shamir-secret-sharing';
import { ENVELOPE_VERSION } from './envelope.js';
import { timingSafeEqual } from './keyed-hash.js';
import sodium from './sodium.js';
import { CryptoError, type Brand, type ContentKey, type KeyPair, type PublicKey } from './types.js';

/** One share of a split key, in the clear: only ever in memory, between opening and re-sealing or combining. */
export type KeyShare = Brand<Buffer, 'KeyShare'>;
/** A key share sealed to one recipient's public key, bound to a context. */
export type SealedShare = Brand<Buffer, 'SealedShare'>;

export const ALG_SEALED_SHARE = 3;
/** The number of shares that opens a contact key. */
export const CUSTODY_THRESHOLD = 2;
const KEY_BYTES = 32;
const SHARE_BYTES = KEY_BYTES + 1;
const BIND_BYTES = 32;
const HEADER = Buffer.from([0x50, 0x53, 0x4c, ENVELOPE_VERSION, ALG_SEALED_SHARE]);

/** Splits a 32-byte key into `n` shares, any two of which rebuild it (n >= 2). */
export async function splitKey(key: ContentKey, n: number): Promise<KeyShare[]> {
  if (key.length !== KEY_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'key must be 32 bytes');
  if (!Number.isInteger(n) || n < CUSTODY_THRESHOLD || n > 255) throw new CryptoError('PSL_CRYPTO_BAD_SPLIT', 'a 2-of-n split needs 2 to 255 shares');
  const shares = await split(new Uint8Array(key), n, CUSTODY_THRESHOLD);
  return shares.map((s) => Buffer.from(s) as KeyShare);
}

/**
 * Rebuilds a key from shares of one split. Two different shares are needed;
 * shares of different splits give a wrong key, which the AEAD of whatever it
 * encrypts then refuses.
 */
export async function combineShares(shares: readonly KeyShare[]): Promise<ContentKey> {
  if (shares.length < CUSTODY_THRESHOLD) throw new CryptoError('PSL_CRYPTO_TOO_FEW_SHARES', 'two shares are needed');
  for (const s of shares) if (s.length !== SHARE_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_SHARE', 'share has the wrong length');
  if (new Set(shares.map((s) => s[SHARE_BYTES - 1])).size !== shares.length) throw new CryptoError('PSL_CRYPTO_BAD_SHARE', 'the same share twice');
  try {
    return Buffer.from(await combine(shares.map((s) => new Uint8Array(s)))) as ContentKey;
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_SHARE', 'shares do not combine');
  }
}

function bind(context: string): Buffer {
  const out = Buffer.alloc(BIND_BYTES);
  sodium.crypto_generichash(out, Buffer.from(`parasol/share\u0000${context}`, 'utf8'));
  return out;
}

/** Seals a share to a recipient (sealed box: ephemeral X25519 + XSalsa20-Poly1305), bound to `context`. */
export function sealShare(share: KeyShare, recipient: PublicKey, context: string): SealedShare {
  if (share.length !== SHARE_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_SHARE', 'share has the wrong length');
  const plain = Buffer.concat([bind(context), share]);
  const out = Buffer.alloc(plain.length + sodium.crypto_box_SEALBYTES);
  sodium.crypto_box_seal(out, plain, recipient);
  sodium.sodium_memzero(plain);
  return Buffer.concat([HEADER, out]) as SealedShare;
}

/** Opens a sealed share; throws CryptoError when it was not sealed to this key pair, was changed, or belongs to another context. */
export function openShare(sealed: Buffer, keyPair: KeyPair, context: string): KeyShare {
  if (sealed.length < HEADER.length || !sealed.subarray(0, 3).equals(HEADER.subarray(0, 3))) throw new CryptoError('PSL_CRYPTO_BAD_MAGIC', 'sealed share: not a Parasol envelope');
  if (sealed[3] !== ENVELOPE_VERSION) throw new CryptoError('PSL_CRYPTO_BAD_VERSION', `sealed share: unsupported envelope version ${sealed[3]}`);
  if (sealed[4] !== ALG_SEALED_SHARE) throw new CryptoError('PSL_CRYPTO_BAD_ALGORITHM', `sealed share: unexpected algorithm ${sealed[4]}`);
  const body = sealed.subarray(HEADER.length);
  if (body.length !== BIND_BYTES + SHARE_BYTES + sodium.crypto_box_SEALBYTES) throw new CryptoError('PSL_CRYPTO_TRUNCATED', 'sealed share: wrong length');
  const plain = Buffer.alloc(BIND_BYTES + SHARE_BYTES);
  if (!sodium.crypto_box_seal_open(plain, body, keyPair.publicKey, keyPair.secretKey)) throw new CryptoError('PSL_CRYPTO_AUTH_FAILED', 'sealed share: cannot open');
  if (!timingSafeEqual(plain.subarray(0, BIND_BYTES), bind(context))) {
    sodium.sodium_memzero(plain);
    throw new CryptoError('PSL_CRYPTO_WRONG_CONTEXT', 'sealed share: belongs to another record');
  }
  const share = Buffer.from(plain.subarray(BIND_BYTES)) as KeyShare;
  sodium.sodium_memzero(plain);
  return share;
}

/** Treats stored bytes as a sealed share (the row came from a sealed-share column). */
export function sealedShareFromBytes(bytes: Buffer): SealedShare {
  return bytes as SealedShare;
}
