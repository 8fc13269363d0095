/**
 * The ristretto255 group arithmetic of the identifier OPRF, from libsodium
 * (libsodium-wrappers-sumo: libsodium compiled to WebAssembly by its author;
 * sodium-native does not expose ristretto255). No curve code of our own: every
 * group operation here is one libsodium call. About eight times faster than
 * the same arithmetic in JavaScript (@noble/curves), which made each number
 * check cost several milliseconds of the server's event loop.
 *
 * The WebAssembly module is loaded once, when this module is first imported.
 */
import { randomBytes } from 'node:crypto';
import libsodium from 'libsodium-wrappers-sumo';

await libsodium.ready;

export const RISTRETTO255_BYTES = 32;
export const RISTRETTO255_SCALAR_BYTES = 32;
export const RISTRETTO255_HASH_BYTES = 64;

/** The element encoded from 64 uniform bytes (RFC 9496's one-way map, as hash_to_ristretto255 of RFC 9380 uses it). */
export function ristrettoFromHash(uniform: Uint8Array): Uint8Array {
  return libsodium.crypto_core_ristretto255_from_hash(uniform);
}

/**
 * scalar·element. Throws on an element that is not the canonical encoding of a
 * ristretto255 element, and when the product is the identity (the identity
 * given, or a zero scalar).
 */
export function ristrettoMultiply(scalar: Uint8Array, element: Uint8Array): Uint8Array {
  return libsodium.crypto_scalarmult_ristretto255(scalar, element);
}

/** The scalar's inverse modulo the group order (throws on zero). */
export function ristrettoScalarInvert(scalar: Uint8Array): Uint8Array {
  return libsodium.crypto_core_ristretto255_scalar_invert(scalar);
}

/** A uniformly random non-zero scalar: 64 bytes of the operating system's generator reduced modulo the group order. */
export function ristrettoRandomScalar(): Uint8Array {
  for (;;) {
    const s = libsodium.crypto_core_ristretto255_scalar_reduce(randomBytes(RISTRETTO255_HASH_BYTES));
    if (!libsodium.is_zero(s)) return s;
  }
}

/** True when the 32 bytes are a scalar below the group order (reduction leaves them unchanged) and not zero. */
export function ristrettoIsCanonicalScalar(scalar: Uint8Array): boolean {
  if (scalar.length !== RISTRETTO255_SCALAR_BYTES || libsodium.is_zero(scalar)) return false;
  const wide = new Uint8Array(RISTRETTO255_HASH_BYTES);
  wide.set(scalar);
  return libsodium.memcmp(libsodium.crypto_core_ristretto255_scalar_reduce(wide), scalar);
}
