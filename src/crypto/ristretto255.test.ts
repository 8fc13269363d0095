/**
 * The two ways to libsodium's ristretto255 (the system library through koffi,
 * and the WebAssembly build) give the same bytes and refuse the same inputs,
 * the known answers hold for both and catch a library that answers wrongly,
 * and the faster one is the one in use. The RFC 9497 vectors are checked on
 * the library in use by oprf.test.ts, and on the WebAssembly build below.
 */
import { randomBytes } from 'node:crypto';
import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { describe, expect, it, vi } from 'vitest';
import { answersKnown, loadNativeRistretto, loadWasmRistretto, ristrettoBackend, type RistrettoOps } from './ristretto255.js';

const native = loadNativeRistretto();
const wasm = await loadWasmRistretto();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const outcome = (fn: () => Uint8Array): string => {
  try {
    return hex(fn());
  } catch {
    return 'refused';
  }
};

describe('ristretto255 from libsodium', () => {
  it('loads the system library (libsodium23) and uses it', () => {
    // Deployment and CI install libsodium23; without it every check costs five times the CPU.
    expect(native, 'the system libsodium (Debian package libsodium23) could not be loaded').not.toBeNull();
    expect(ristrettoBackend()).toBe(process.env.PARASOL_RISTRETTO === 'wasm' ? 'wasm' : 'native');
  });

  it('gives the same bytes from the system library and the WebAssembly build, and refuses the same inputs', () => {
    const n = native!;
    for (let i = 0; i < 2000; i++) {
      const uniform = randomBytes(64);
      expect(hex(n.fromHash(uniform))).toBe(hex(wasm.fromHash(uniform)));
      const scalar = wasm.scalarReduce(randomBytes(64));
      expect(hex(n.scalarReduce(Buffer.concat([scalar, Buffer.alloc(32)])))).toBe(hex(scalar));
      expect(outcome(() => n.scalarInvert(scalar))).toBe(outcome(() => wasm.scalarInvert(scalar)));
      // Random bytes are a valid element about one time in eight, half of them with the top bit set (which libsodium
      // 1.0.18 decoded as if it were clear); both must agree which.
      const element = i % 2 === 0 ? wasm.fromHash(randomBytes(64)) : randomBytes(32);
      expect(outcome(() => n.multiply(scalar, element))).toBe(outcome(() => wasm.multiply(scalar, element)));
    }
    const element = wasm.fromHash(randomBytes(64));
    const high = Uint8Array.from(element);
    high[31]! |= 0x80;
    for (const bad of [new Uint8Array(32), high, new Uint8Array(32).fill(0xff)]) {
      expect(outcome(() => n.multiply(wasm.scalarReduce(randomBytes(64)), bad))).toBe('refused');
      expect(outcome(() => wasm.multiply(wasm.scalarReduce(randomBytes(64)), bad))).toBe('refused');
    }
    expect(outcome(() => n.multiply(new Uint8Array(32), element))).toBe('refused');
    expect(outcome(() => n.scalarInvert(new Uint8Array(32)))).toBe('refused');
  });

  it('holds the known answers on both, and a library that answers otherwise is not used', () => {
    expect(answersKnown(native!)).toBe(true);
    expect(answersKnown(wasm)).toBe(true);
    const wrongProduct: RistrettoOps = { ...native!, multiply: (s, e) => wasm.multiply(s, wasm.multiply(s, e)) };
    expect(answersKnown(wrongProduct)).toBe(false);
    const acceptsZero: RistrettoOps = { ...native!, multiply: (s, e) => (s.every((b) => b === 0) ? new Uint8Array(32) : native!.multiply(s, e)) };
    expect(answersKnown(acceptsZero)).toBe(false);
    const readsTopBit: RistrettoOps = {
      ...native!,
      multiply: (s, e) =>
        native!.multiply(
          s,
          Uint8Array.from(e, (b, i) => (i === 31 ? b & 0x7f : b)),
        ),
    };
    expect(answersKnown(readsTopBit)).toBe(false);
    const wrongInverse: RistrettoOps = { ...native!, scalarInvert: (x) => native!.scalarInvert(native!.scalarInvert(x)) };
    expect(answersKnown(wrongInverse)).toBe(false);
    const wrongReduce: RistrettoOps = { ...native!, scalarReduce: (x) => native!.scalarReduce(Uint8Array.from(x).reverse()) };
    expect(answersKnown(wrongReduce)).toBe(false);
    const wrongMap: RistrettoOps = { ...native!, fromHash: (u) => wasm.fromHash(Uint8Array.from(u).reverse()) };
    expect(answersKnown(wrongMap)).toBe(false);
  });

  it('runs the RFC 9497 vectors on the WebAssembly build too (PARASOL_RISTRETTO=wasm)', async () => {
    const before = process.env.PARASOL_RISTRETTO;
    process.env.PARASOL_RISTRETTO = 'wasm';
    vi.resetModules();
    try {
      const fresh = await import('./ristretto255.js');
      const oprf = await import('./oprf.js');
      expect(fresh.ristrettoBackend()).toBe('wasm');
      // RFC 9497 A.1.1, vector 2.
      const key = oprf.oprfDeriveKey(Buffer.alloc(32, 0xa3), Buffer.from('test key'));
      const input = Buffer.alloc(17, 0x5a);
      expect(oprf.oprfEvaluate(key, input).toString('hex')).toBe('f4a74c9c592497375e796aa837e907b1a045d34306a749db9f34221f7e750cb4f2a6413a6bf6fa5e19ba6348eb673934a722a7ede2e7621306d18951e7cf2c73');
      const b = oprf.oprfBlind(input);
      const noble = ristretto255_oprf.oprf;
      expect(oprf.oprfFinalize(input, b.blind, oprf.oprfBlindEvaluate(key, b.blinded)).toString('hex')).toBe(hex(noble.finalize(input, b.blind, noble.blindEvaluate(key, b.blinded))));
    } finally {
      if (before === undefined) delete process.env.PARASOL_RISTRETTO;
      else process.env.PARASOL_RISTRETTO = before;
      vi.resetModules();
    }
  });
});
