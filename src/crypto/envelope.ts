/**
 * Versioned, self-describing envelopes.
 *
 * Layout of a content envelope (version 1):
 *   "PSL" | version 0x01 | algorithm 0x01 | 24-byte nonce | ciphertext + 16-byte tag
 * Algorithm 0x01 is XChaCha20-Poly1305 (IETF). The associated data is the
 * 5-byte header followed by the caller's context string (the record's id and
 * purpose), so a ciphertext moved to another row, or re-labelled with another
 * version, fails authentication instead of decrypting.
 *
 * Layout of a sealed key (version 1):
 *   "PSL" | version 0x01 | algorithm 0x02 | crypto_box_seal output
 * Algorithm 0x02 is libsodium's sealed box (ephemeral X25519 + XSalsa20-Poly1305).
 */
import sodium from './sodium.js';
import { CryptoError, type Ciphertext, type ContentKey, type KeyPair, type PublicKey, type SealedKey, type SecretKey } from './types.js';

const MAGIC = Buffer.from('PSL', 'ascii');
export const ENVELOPE_VERSION = 1;
export const ALG_XCHACHA20POLY1305 = 1;
export const ALG_SEALED_BOX = 2;
const HEADER_BYTES = 5;
const NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
const TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
const KEY_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES;

function header(alg: number): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([ENVELOPE_VERSION, alg])]);
}

function checkHeader(buf: Buffer, alg: number, what: string): void {
  if (buf.length < HEADER_BYTES || !buf.subarray(0, 3).equals(MAGIC)) {
    throw new CryptoError('PSL_CRYPTO_BAD_MAGIC', `${what}: not a Parasol envelope`);
  }
  if (buf[3] !== ENVELOPE_VERSION) {
    throw new CryptoError('PSL_CRYPTO_BAD_VERSION', `${what}: unsupported envelope version ${buf[3]}`);
  }
  if (buf[4] !== alg) {
    throw new CryptoError('PSL_CRYPTO_BAD_ALGORITHM', `${what}: unexpected algorithm ${buf[4]}`);
  }
}

/** Makes a fresh random 32-byte content key. */
export function newContentKey(): ContentKey {
  const key = Buffer.alloc(KEY_BYTES);
  sodium.randombytes_buf(key);
  return key as ContentKey;
}

/** Interprets 32 bytes as a content key (for keys coming out of a sealed box). */
export function contentKeyFromBytes(bytes: Buffer): ContentKey {
  if (bytes.length !== KEY_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'content key must be 32 bytes');
  return Buffer.from(bytes) as ContentKey;
}

/** Encrypts plaintext with XChaCha20-Poly1305 under the key, bound to `context` (record id and purpose). */
export function encrypt(key: ContentKey, plaintext: Uint8Array, context: string, nonce?: Buffer): Ciphertext {
  const head = header(ALG_XCHACHA20POLY1305);
  const n = nonce ?? Buffer.alloc(NONCE_BYTES);
  if (!nonce) sodium.randombytes_buf(n);
  if (n.length !== NONCE_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_NONCE', 'nonce must be 24 bytes');
  const ad = Buffer.concat([head, Buffer.from(context, 'utf8')]);
  const out = Buffer.alloc(plaintext.length + TAG_BYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, Buffer.from(plaintext), ad, null, n, key);
  return Buffer.concat([head, n, out]) as Ciphertext;
}

/** Decrypts an envelope made by {@link encrypt}; throws CryptoError on any tampering, truncation or wrong context. */
export function decrypt(key: ContentKey, envelope: Buffer, context: string): Buffer {
  checkHeader(envelope, ALG_XCHACHA20POLY1305, 'ciphertext');
  if (envelope.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) {
    throw new CryptoError('PSL_CRYPTO_TRUNCATED', 'ciphertext: truncated');
  }
  const head = envelope.subarray(0, HEADER_BYTES);
  const nonce = envelope.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const body = envelope.subarray(HEADER_BYTES + NONCE_BYTES);
  const ad = Buffer.concat([head, Buffer.from(context, 'utf8')]);
  const out = Buffer.alloc(body.length - TAG_BYTES);
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, body, ad, nonce, key);
  } catch {
    throw new CryptoError('PSL_CRYPTO_AUTH_FAILED', 'ciphertext: authentication failed');
  }
  return out;
}

/** Encrypts a JSON-serialisable value. */
export function encryptJson(key: ContentKey, value: unknown, context: string): Ciphertext {
  return encrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), context);
}

/** Decrypts a value made by {@link encryptJson}. */
export function decryptJson<T>(key: ContentKey, envelope: Buffer, context: string): T {
  return JSON.parse(decrypt(key, envelope, context).toString('utf8')) as T;
}

/** Seals a content key to a recipient's public key (anonymous sender, sealed box). */
export function sealKey(key: ContentKey, recipient: PublicKey): SealedKey {
  const out = Buffer.alloc(key.length + sodium.crypto_box_SEALBYTES);
  sodium.crypto_box_seal(out, key, recipient);
  return Buffer.concat([header(ALG_SEALED_BOX), out]) as SealedKey;
}

/** Opens a sealed content key with the recipient's key pair; throws CryptoError if it was not sealed to them. */
export function openSealedKey(sealed: Buffer, keyPair: KeyPair): ContentKey {
  checkHeader(sealed, ALG_SEALED_BOX, 'sealed key');
  const body = sealed.subarray(HEADER_BYTES);
  if (body.length !== KEY_BYTES + sodium.crypto_box_SEALBYTES) {
    throw new CryptoError('PSL_CRYPTO_TRUNCATED', 'sealed key: wrong length');
  }
  const out = Buffer.alloc(KEY_BYTES);
  const ok = sodium.crypto_box_seal_open(out, body, keyPair.publicKey, keyPair.secretKey);
  if (!ok) throw new CryptoError('PSL_CRYPTO_AUTH_FAILED', 'sealed key: cannot open');
  return out as ContentKey;
}

/** Makes a random X25519 key pair. */
export function generateKeyPair(): KeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_box_keypair(publicKey, secretKey);
  return { publicKey: publicKey as PublicKey, secretKey: secretKey as SecretKey };
}

/** Derives an X25519 key pair deterministically from a 32-byte seed. */
export function keyPairFromSeed(seed: Buffer): KeyPair {
  if (seed.length !== sodium.crypto_box_SEEDBYTES) throw new CryptoError('PSL_CRYPTO_BAD_SEED', 'seed must be 32 bytes');
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_box_seed_keypair(publicKey, secretKey, seed);
  return { publicKey: publicKey as PublicKey, secretKey: secretKey as SecretKey };
}

/** Rebuilds a key pair from a stored secret key (the public key is recomputed). */
export function keyPairFromSecretKey(secretKey: Buffer): KeyPair {
  if (secretKey.length !== sodium.crypto_box_SECRETKEYBYTES) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'secret key must be 32 bytes');
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  sodium.crypto_scalarmult_base(publicKey, secretKey);
  return { publicKey: publicKey as PublicKey, secretKey: Buffer.from(secretKey) as SecretKey };
}

/** Treats stored bytes as a public key, checking the length. */
export function publicKeyFromBytes(bytes: Buffer): PublicKey {
  if (bytes.length !== sodium.crypto_box_PUBLICKEYBYTES) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'public key must be 32 bytes');
  return bytes as PublicKey;
}

/** Treats stored bytes as an envelope (the row came from a sealed column). */
export function ciphertextFromBytes(bytes: Buffer): Ciphertext {
  return bytes as Ciphertext;
}

/** Treats stored bytes as a sealed key. */
export function sealedKeyFromBytes(bytes: Buffer): SealedKey {
  return bytes as SealedKey;
}

/** Overwrites key material in memory. */
export function wipe(buf: Buffer): void {
  sodium.sodium_memzero(buf);
}
