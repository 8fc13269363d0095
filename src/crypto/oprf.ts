/**
 * The oblivious PRF that makes identifiers comparable (RFC 9497, mode OPRF,
 * suite ristretto255-SHA512). The identifier service holds the key k; the main
 * server blinds its input (r·H(x)), the service returns k·r·H(x), and the main
 * server unblinds and hashes it into F(k, x). The server never sees k, the
 * service never sees x, so a seized main server (database, secrets file, vault)
 * cannot test guesses of a phone number offline: every guess needs the service.
 *
 * No curve code of our own: the group arithmetic is libsodium's
 * (./ristretto255.ts), hash_to_group's expand_message_xmd and the key
 * generation and derivation are @noble/curves'; what is written here is the
 * RFC's protocol steps around them (Blind, BlindEvaluate, Finalize, Evaluate
 * of section 3.3.1), byte-identical to @noble/curves' ristretto255_oprf: the
 * RFC's test vectors and a comparison on random inputs check it.
 *
 * Also here: the sealed box in which an identifier's keyed hash waits while
 * the service is down, sealed to the service's own X25519 key:
 *   "PSL" | version 0x01 | algorithm 0x04 | crypto_box_seal(BLAKE2b-256(context) | value)
 */
import { createHash } from 'node:crypto';
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { ENVELOPE_VERSION } from './envelope.js';
import { timingSafeEqual } from './keyed-hash.js';
import { ristrettoFromHash, ristrettoIsCanonicalScalar, ristrettoMultiply, ristrettoRandomScalar, ristrettoScalarInvert } from './ristretto255.js';
import sodium from './sodium.js';
import { CryptoError, type KeyPair, type PublicKey } from './types.js';

const oprf = ristretto255_oprf.oprf;

/** Bytes of a scalar, of an encoded group element, and of the PRF output (SHA-512). */
export const OPRF_SCALAR_BYTES = 32;
export const OPRF_ELEMENT_BYTES = 32;
export const OPRF_OUTPUT_BYTES = 64;

/** contextString of RFC 9497 section 3.1 for mode OPRF (0x00) and the suite ristretto255-SHA512. */
const CONTEXT = Buffer.concat([Buffer.from('OPRFV1-', 'ascii'), Buffer.from([0x00]), Buffer.from('-ristretto255-SHA512', 'ascii')]);
const HASH_TO_GROUP_DST = Buffer.concat([Buffer.from('HashToGroup-', 'ascii'), CONTEXT]);
const FINALIZE = Buffer.from('Finalize', 'ascii');
const MAX_INPUT_BYTES = 0xffff;

/**
 * SHA-512 (node:crypto) for expand_message_xmd, which calls the hash on whole messages and reads its outputLen and
 * blockLen only (the streaming `create` of noble's hash type is never used there; the RFC's test vectors check it).
 */
const sha512 = Object.assign((msg: Uint8Array) => new Uint8Array(createHash('sha512').update(msg).digest()), { outputLen: 64, blockLen: 128, canXOF: false }) as unknown as Parameters<
  typeof expand_message_xmd
>[3];

function checkInput(input: Buffer): void {
  if (input.length > MAX_INPUT_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: input too long');
}

/** HashToGroup of the suite: hash_to_ristretto255 (RFC 9380: expand_message_xmd with SHA-512 to 64 bytes, then the one-way map). */
function hashToGroup(input: Buffer): Uint8Array {
  return ristrettoFromHash(expand_message_xmd(input, HASH_TO_GROUP_DST, 64, sha512));
}

/** I2OSP(len, 2) of the RFC. */
function lengthPrefix(n: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(n);
  return out;
}

/** The last step of Finalize and Evaluate: Hash(I2OSP(len(input), 2) || input || I2OSP(len(element), 2) || element || "Finalize"). */
function finalHash(input: Buffer, unblinded: Uint8Array): Buffer {
  return createHash('sha512').update(lengthPrefix(input.length)).update(input).update(lengthPrefix(unblinded.length)).update(unblinded).update(FINALIZE).digest();
}

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
  checkInput(input);
  if (fixedBlind && !ristrettoIsCanonicalScalar(fixedBlind)) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: the blind is not a non-zero scalar');
  const blind = fixedBlind ? new Uint8Array(fixedBlind) : ristrettoRandomScalar();
  // The product is refused when it is the identity (an input that hashes to the identity: InvalidInputError of the RFC).
  let blinded: Uint8Array;
  try {
    blinded = ristrettoMultiply(blind, hashToGroup(input));
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: the input maps to the identity');
  }
  return { blind: Buffer.from(blind), blinded: Buffer.from(blinded) };
}

/** The service's step: k·(blinded element). Throws CryptoError on an element that is not a valid ristretto255 encoding, or the identity. */
export function oprfBlindEvaluate(key: Buffer, blinded: Buffer): Buffer {
  if (blinded.length !== OPRF_ELEMENT_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: element has the wrong length');
  if (!ristrettoIsCanonicalScalar(key)) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'oprf: the key is not a non-zero scalar');
  try {
    return Buffer.from(ristrettoMultiply(key, blinded));
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: not a valid group element');
  }
}

/** The client's last step: unblinds the evaluation and hashes it with the input into F(k, input). */
export function oprfFinalize(input: Buffer, blind: Buffer, evaluated: Buffer): Buffer {
  checkInput(input);
  if (evaluated.length !== OPRF_ELEMENT_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: evaluation has the wrong length');
  if (!ristrettoIsCanonicalScalar(blind)) throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: the blind is not a non-zero scalar');
  let unblinded: Uint8Array;
  try {
    unblinded = ristrettoMultiply(ristrettoScalarInvert(blind), evaluated);
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: evaluation is not a valid group element');
  }
  return finalHash(input, unblinded);
}

/** F(k, input) computed by the key holder itself (Evaluate of the RFC: the same value as blind, evaluate, finalize). */
export function oprfEvaluate(key: Buffer, input: Buffer): Buffer {
  checkInput(input);
  if (!ristrettoIsCanonicalScalar(key)) throw new CryptoError('PSL_CRYPTO_BAD_KEY', 'oprf: the key is not a non-zero scalar');
  let unblinded: Uint8Array;
  try {
    unblinded = ristrettoMultiply(key, hashToGroup(input));
  } catch {
    throw new CryptoError('PSL_CRYPTO_BAD_ELEMENT', 'oprf: the input maps to the identity');
  }
  return finalHash(input, unblinded);
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
