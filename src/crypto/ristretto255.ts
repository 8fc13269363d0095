/**
 * The ristretto255 group arithmetic of the identifier OPRF, from libsodium.
 * No curve code of our own: every group operation here is one libsodium call.
 *
 * Two ways to reach the same libsodium, the faster first:
 *
 *  - **native**: the system's own libsodium (Debian's `libsodium23`, the
 *    library's upstream releases), called through koffi, a foreign-function
 *    library with prebuilt binaries (nothing is compiled at install).
 *    sodium-native, used for everything else, does not expose ristretto255.
 *    About 38 µs a multiplication on the machines Parasol is measured on.
 *  - **WebAssembly**: libsodium compiled by its author (libsodium-wrappers-
 *    sumo), about five times slower; used when the system library cannot be
 *    loaded or fails the check below.
 *
 * The native library is checked when it is loaded: a hash-to-group and a
 * multiplication whose answers are fixed (the WebAssembly build gives the
 * same, and @noble/curves the same product; ristretto255.test.ts), and the
 * refusals of a zero scalar and a non-canonical encoding. A library that
 * answers otherwise is not used.
 * `PARASOL_RISTRETTO=wasm` forces the WebAssembly build (tests of both).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';

export const RISTRETTO255_BYTES = 32;
export const RISTRETTO255_SCALAR_BYTES = 32;
export const RISTRETTO255_HASH_BYTES = 64;

/** The operations the OPRF needs; each throws where libsodium refuses (a non-canonical element, an identity result, a zero scalar). */
export interface RistrettoOps {
  readonly name: 'native' | 'wasm';
  fromHash(uniform: Uint8Array): Uint8Array;
  multiply(scalar: Uint8Array, element: Uint8Array): Uint8Array;
  scalarInvert(scalar: Uint8Array): Uint8Array;
  scalarReduce(wide: Uint8Array): Uint8Array;
}

/** The system library's names, most specific first. */
const LIBRARY_NAMES = ['libsodium.so.23', 'libsodium.so.26', 'libsodium.so', 'libsodium.dylib'];

/** The native operations over the system's libsodium, or null when it cannot be loaded. */
export function loadNativeRistretto(): RistrettoOps | null {
  let koffi: typeof import('koffi');
  try {
    koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  } catch {
    return null;
  }
  for (const name of LIBRARY_NAMES) {
    let lib: ReturnType<typeof koffi.load>;
    try {
      lib = koffi.load(name);
    } catch {
      continue;
    }
    try {
      if ((lib.func('int sodium_init()') as () => number)() < 0) continue;
      const fromHash = lib.func('int crypto_core_ristretto255_from_hash(_Out_ uint8_t *p, const uint8_t *r)') as (p: Uint8Array, r: Uint8Array) => number;
      const mul = lib.func('int crypto_scalarmult_ristretto255(_Out_ uint8_t *q, const uint8_t *n, const uint8_t *p)') as (q: Uint8Array, n: Uint8Array, p: Uint8Array) => number;
      const invert = lib.func('int crypto_core_ristretto255_scalar_invert(_Out_ uint8_t *recip, const uint8_t *s)') as (r: Uint8Array, s: Uint8Array) => number;
      const reduce = lib.func('void crypto_core_ristretto255_scalar_reduce(_Out_ uint8_t *r, const uint8_t *s)') as (r: Uint8Array, s: Uint8Array) => void;
      return {
        name: 'native',
        fromHash(uniform) {
          if (uniform.length !== RISTRETTO255_HASH_BYTES) throw new Error('ristretto255: the hash must be 64 bytes');
          const out = new Uint8Array(RISTRETTO255_BYTES);
          if (fromHash(out, uniform) !== 0) throw new Error('ristretto255: from_hash failed');
          return out;
        },
        multiply(scalar, element) {
          if (scalar.length !== RISTRETTO255_SCALAR_BYTES || element.length !== RISTRETTO255_BYTES) throw new Error('ristretto255: wrong length');
          // A canonical encoding has its top bit clear (RFC 9496, 4.3.1). libsodium before 1.0.19 (Debian 12 ships
          // 1.0.18) ignored that bit when decoding, and so accepted a second encoding of half the elements; the
          // WebAssembly build and @noble/curves refuse it, and so does this.
          if ((element[31]! & 0x80) !== 0) throw new Error('ristretto255: non-canonical encoding');
          const out = new Uint8Array(RISTRETTO255_BYTES);
          // -1: the element is not a canonical encoding, or the product is the identity.
          if (mul(out, scalar, element) !== 0) throw new Error('ristretto255: invalid point or identity result');
          return out;
        },
        scalarInvert(scalar) {
          if (scalar.length !== RISTRETTO255_SCALAR_BYTES) throw new Error('ristretto255: wrong length');
          const out = new Uint8Array(RISTRETTO255_SCALAR_BYTES);
          if (invert(out, scalar) !== 0) throw new Error('ristretto255: the scalar is zero');
          return out;
        },
        scalarReduce(wide) {
          if (wide.length !== RISTRETTO255_HASH_BYTES) throw new Error('ristretto255: the wide scalar must be 64 bytes');
          const out = new Uint8Array(RISTRETTO255_SCALAR_BYTES);
          reduce(out, wide);
          return out;
        },
      };
    } catch {
      continue;
    }
  }
  return null;
}

/** The WebAssembly operations (libsodium-wrappers-sumo), loaded on first use. */
export async function loadWasmRistretto(): Promise<RistrettoOps> {
  const { default: libsodium } = await import('libsodium-wrappers-sumo');
  await libsodium.ready;
  return {
    name: 'wasm',
    fromHash: (uniform) => libsodium.crypto_core_ristretto255_from_hash(uniform),
    multiply: (scalar, element) => libsodium.crypto_scalarmult_ristretto255(scalar, element),
    scalarInvert: (scalar) => libsodium.crypto_core_ristretto255_scalar_invert(scalar),
    scalarReduce: (wide) => libsodium.crypto_core_ristretto255_scalar_reduce(wide),
  };
}

/**
 * Known answers a library must give before it is used: hash_to_group's map of 64 bytes 0x01…0x40, that element
 * multiplied by the scalar 7, the inverse of 7, a reduction of 64 bytes, and refusals to multiply by zero and to
 * read the element with its top bit set.
 */
export const KNOWN_ANSWERS = {
  uniform: Uint8Array.from({ length: 64 }, (_, i) => i + 1),
  element: '8ef0c509edb80ec02446a432f1c4c8c13372ce3bb5d9760c1f33ba3a0b249536',
  timesSeven: '26a2f204baacee8df51aa2824d745ae8057a433bff4c94509975f3ea611da246',
  /** 7⁻¹ modulo the group order (7 · it ≡ 1, checked with Python's integers). */
  inverseOfSeven: '22d5909fba32273143cdfe848dda1f4c92244992244992244992244992244902',
  /** The 64 bytes 0xff, 0xfe, … 0xc0 (little-endian) reduced modulo the group order, likewise. */
  wide: Uint8Array.from({ length: 64 }, (_, i) => 255 - i),
  reduced: '73a62f1f0d47e15bcd0cc7fd31ed06180c5d2154bf52595463b97a073770260e',
};

/** True when `ops` gives the known answers (and refuses what it must). */
export function answersKnown(ops: RistrettoOps): boolean {
  try {
    const element = ops.fromHash(KNOWN_ANSWERS.uniform);
    if (Buffer.from(element).toString('hex') !== KNOWN_ANSWERS.element) return false;
    const seven = new Uint8Array(32);
    seven[0] = 7;
    if (Buffer.from(ops.multiply(seven, element)).toString('hex') !== KNOWN_ANSWERS.timesSeven) return false;
    if (Buffer.from(ops.scalarInvert(seven)).toString('hex') !== KNOWN_ANSWERS.inverseOfSeven) return false;
    if (Buffer.from(ops.scalarReduce(KNOWN_ANSWERS.wide)).toString('hex') !== KNOWN_ANSWERS.reduced) return false;
    const refuses = (fn: () => unknown): boolean => {
      try {
        fn();
        return false;
      } catch {
        return true;
      }
    };
    const high = Uint8Array.from(element);
    high[31]! |= 0x80;
    return refuses(() => ops.multiply(new Uint8Array(32), element)) && refuses(() => ops.multiply(seven, high));
  } catch {
    return false;
  }
}

async function choose(): Promise<RistrettoOps> {
  if (process.env.PARASOL_RISTRETTO !== 'wasm') {
    const native = loadNativeRistretto();
    if (native && answersKnown(native)) return native;
  }
  return loadWasmRistretto();
}

const ops: RistrettoOps = await choose();

/** Which libsodium build does the arithmetic: 'native' (the system library) or 'wasm'. */
export function ristrettoBackend(): RistrettoOps['name'] {
  return ops.name;
}

/** The element encoded from 64 uniform bytes (RFC 9496's one-way map, as hash_to_ristretto255 of RFC 9380 uses it). */
export function ristrettoFromHash(uniform: Uint8Array): Uint8Array {
  return ops.fromHash(uniform);
}

/**
 * scalar·element. Throws on an element that is not the canonical encoding of a
 * ristretto255 element, and when the product is the identity (the identity
 * given, or a zero scalar).
 */
export function ristrettoMultiply(scalar: Uint8Array, element: Uint8Array): Uint8Array {
  return ops.multiply(scalar, element);
}

/** The scalar's inverse modulo the group order (throws on zero). */
export function ristrettoScalarInvert(scalar: Uint8Array): Uint8Array {
  return ops.scalarInvert(scalar);
}

const isZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

/** A uniformly random non-zero scalar: 64 bytes of the operating system's generator reduced modulo the group order. */
export function ristrettoRandomScalar(): Uint8Array {
  for (;;) {
    const s = ops.scalarReduce(randomBytes(RISTRETTO255_HASH_BYTES));
    if (!isZero(s)) return s;
  }
}

/** True when the 32 bytes are a scalar below the group order (reduction leaves them unchanged) and not zero. */
export function ristrettoIsCanonicalScalar(scalar: Uint8Array): boolean {
  if (scalar.length !== RISTRETTO255_SCALAR_BYTES || isZero(scalar)) return false;
  const wide = new Uint8Array(RISTRETTO255_HASH_BYTES);
  wide.set(scalar);
  return timingSafeEqual(ops.scalarReduce(wide), scalar);
}
