/**
 * The oblivious PRF that makes identifiers comparable (RFC 9497, mode OPRF,
 * suite ristretto255-SHA512, from @noble/curves: no curve code of our own).
 * The identifier service holds the key k; the main server blinds its input
 * (r·H(x)), the service returns k·r·H(x), and the main server unblinds and
 * hashes it into F(k, x). The server never sees k, the service never sees x,
 * so a seized main server (database, secrets file, vault) cannot test guesses
 * of a phone number offline: every guess needs the service.
 *
 * Also here: the sealed box in which an identifier's keyed hash waits while
 * the service is down, sealed to the service's own X25519 key:
 *   "PSL" | version 0x01 | algorithm 0x04 | crypto_box_seal(BLAKE2b-256(context) | value)
 */
import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { ENVELOPE_VERSION } from './envelope.js';
import { timingSafeEqual } from './keyed-hash.js';
import sodium from './sodium.js';
import { CryptoError, type KeyPair, type PublicKey } from './types.js';

const oprf = ristretto255_oprf.oprf;

/** Bytes of a scalar, of an encoded group element, and of the PRF output (SHA-512). */
export const OPRF_SCALAR_BYTES = 32;
export const OPRF_ELEMENT_BYTES = 32;
export const OPRF_OUTPUT_BYTES = 64;

/** A fresh OPRF secret key (a random non-zero scalar). */
export function oprfGenerateKey(): Buffer {
  return Buffer.from(oprf.generateKeyPair().secretKey);
}

/** DeriveKeyPair of RFC 9497 (used by the known-answer tests). */
export function oprfDeriveKey(seed: Buffer, info: Buffer): Buffer {
  return Buffer.from(oprf.deriveKeyPair(seed, info).secretKey);
}

export interface OprfBlinded {
  /** The secret blind r: stays with the client, for one evaluation only. */
  readonly blind: Buffer;
  /** r·H(input): what is sent to the service. */
  readonly blinded: Buffer;
}

/** Blinds an input with a fresh random blind (or the given one, for known-answer tests). */
export function oprfBlind(input: Buffer, fixedBlind?: Buffer): OprfBlinded {
  const r = fixedBlind ? oprf.blind(input, () => rngYielding(fixedBlind)) : oprf.blind(input);
  return { blind: Buffer.from(r.blind), blinded: Buffer.from(r.blinded) };
}

/** 48 bytes that the library's RandomScalar (little-endian, reduced mod n-1, plus 1) maps to exactly `scalar`. */
function rngYielding(scalar: Buffer): Uint8Array {
  let n = 0n;
  for (let i = scalar.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(scalar[i]!);
  n -= 1n;
  const out = new Uint8Array(48);
  for (let i = 0; i < 48; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** The service's step: k·(blinded element). Throws CryptoError on an element that is not a valid ristretto255 encoding. */
export function oprfBlindEvaluate(key: Buffer, blinded: Buffer): Buffer {
  if (blinded.length !== OPRF_ELEMENT_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: element has the wrong length');
  try {
    return Buffer.from(oprf.blindEvaluate(key, blinded));
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: not a valid group element');
  }
}

/** The client's last step: unblinds the evaluation and hashes it with the input into F(k, input). */
export function oprfFinalize(input: Buffer, blind: Buffer, evaluated: Buffer): Buffer {
  if (evaluated.length !== OPRF_ELEMENT_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: evaluation has the wrong length');
  try {
    return Buffer.from(oprf.finalize(input, blind, evaluated));
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: evaluation is not a valid group element');
  }
}

/** F(k, input) computed by the key holder itself (the same value as blind, evaluate, finalize). */
export function oprfEvaluate(key: Buffer, input: Buffer): Buffer {
  const b = oprfBlind(input);
  return oprfFinalize(input, b.blind, oprfBlindEvaluate(key, b.blinded));
}

const ALG_SEALED_IDENTIFIER = 4;
const HEADER = Buffer.from([0x50, 0x53, 0x4c, ENVELOPE_VERSION, ALG_SEALED_IDENTIFIER]);
const BIND_BYTES = 32;

function bind(context: string): Buffer {
  const out = Buffer.alloc(BIND_BYTES);
  sodium.crypto_generichash(out, Buffer.from(`parasol/sealed-identifier\u0000${context}`, 'utf8'));
  return out;
}

/** Seals a value to the identifier service (sealed box: ephemeral X25519 + XSalsa20-Poly1305), bound to `context`. */
export function sealForService(value: Buffer, recipient: PublicKey, context: string): Buffer {
  const plain = Buffer.concat([bind(context), value]);
  const out = Buffer.alloc(plain.length + sodium.crypto_box_SEALBYTES);
  sodium.crypto_box_seal(out, plain, recipient);
  sodium.sodium_memzero(plain);
  return Buffer.concat([HEADER, out]);
}

/** Opens a value sealed to the service; throws CryptoError when altered, cut, sealed to another key or bound to another context. */
export function openForService(sealed: Buffer, keyPair: KeyPair, context: string): Buffer {
  if (sealed.length < HEADER.length || !sealed.subarray(0, 3).equals(HEADER.subarray(0, 3))) throw new CryptoError('PSL_CRYPTO_BAD_MAGIC', 'sealed identifier: not a Parasol envelope');
  if (sealed[3] !== ENVELOPE_VERSION) throw new CryptoError('PSL_CRYPTO_BAD_VERSION', 'sealed identifier: unsupported version');
  if (sealed[4] !== ALG_SEALED_IDENTIFIER) throw new CryptoError('PSL_CRYPTO_BAD_ALGORITHM', 'sealed identifier: unexpected algorithm');
  const body = sealed.subarray(HEADER.length);
  if (body.length < BIND_BYTES + sodium.crypto_box_SEALBYTES) throw new CryptoError('PSL_CRYPTO_TRUNCATED', 'sealed identifier: too short');
  const plain = Buffer.alloc(body.length - sodium.crypto_box_SEALBYTES);
  if (!sodium.crypto_box_seal_open(plain, body, keyPair.publicKey, keyPair.secretKey)) throw new CryptoError('PSL_CRYPTO_AUTH_FAILED', 'sealed identifier: cannot open');
  if (!timingSafeEqual(plain.subarray(0, BIND_BYTES), bind(context))) throw new CryptoError('PSL_CRYPTO_WRONG_CONTEXT', 'sealed identifier: belongs to another record');
  return Buffer.from(plain.subarray(BIND_BYTES));
}
