import { describe, expect, it } from 'vitest';
import { CryptoError, decrypt, encrypt, generateKeyPair, keyPairFromSeed, newContentKey, openSealedKey, sealKey, contentKeyFromBytes } from './index.js';

const key = contentKeyFromBytes(Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'));
const nonce = Buffer.from('404142434445464748494a4b4c4d4e4f5051525354555657', 'hex');

describe('content envelope (XChaCha20-Poly1305, version 1)', () => {
  it('matches a known answer for fixed key, nonce and context', () => {
    const ct = encrypt(key, Buffer.from('Parasol known answer'), 'report:kat:body', nonce);
    // Header "PSL", version 1, algorithm 1; then the nonce; then ciphertext and tag.
    expect(ct.subarray(0, 5).toString('hex')).toBe('50534c0101');
    expect(ct.subarray(5, 29).equals(nonce)).toBe(true);
    expect(ct.toString('hex')).toMatchInlineSnapshot(`"50534c0101404142434445464748494a4b4c4d4e4f505152535455565784587711a38f1536e49ae8c9c1bc04fce1cdc8b67ceed94483edb540c8a1f12b3b71659f"`);
    expect(decrypt(key, ct, 'report:kat:body').toString()).toBe('Parasol known answer');
  });

  it('round-trips with a random nonce and never repeats ciphertexts', () => {
    const k = newContentKey();
    const a = encrypt(k, Buffer.from('same'), 'ctx');
    const b = encrypt(k, Buffer.from('same'), 'ctx');
    expect(a.equals(b)).toBe(false);
    expect(decrypt(k, a, 'ctx').toString()).toBe('same');
  });

  it('rejects every single-bit flip, anywhere in the envelope', () => {
    const ct = encrypt(key, Buffer.from('tamper with me'), 'ctx', nonce);
    for (let i = 0; i < ct.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = Buffer.from(ct);
        bad[i]! ^= bit;
        expect(() => decrypt(key, bad, 'ctx')).toThrow(CryptoError);
      }
    }
  });

  it('rejects truncation at every length', () => {
    const ct = encrypt(key, Buffer.from('truncate me'), 'ctx', nonce);
    for (let n = 0; n < ct.length; n++) expect(() => decrypt(key, ct.subarray(0, n), 'ctx')).toThrow(CryptoError);
  });

  it('rejects the wrong context (a ciphertext moved to another row) and the wrong key', () => {
    const ct = encrypt(key, Buffer.from('row bound'), 'report:a:body');
    expect(() => decrypt(key, ct, 'report:b:body')).toThrow(/authentication/);
    expect(() => decrypt(newContentKey(), ct, 'report:a:body')).toThrow(CryptoError);
  });

  it('rejects an unknown version or algorithm with a clear code', () => {
    const ct = encrypt(key, Buffer.from('x'), 'ctx');
    const v2 = Buffer.from(ct);
    v2[3] = 2;
    expect(() => decrypt(key, v2, 'ctx')).toThrow(expect.objectContaining({ code: 'PSL_CRYPTO_BAD_VERSION' }));
    const alg = Buffer.from(ct);
    alg[4] = 9;
    expect(() => decrypt(key, alg, 'ctx')).toThrow(expect.objectContaining({ code: 'PSL_CRYPTO_BAD_ALGORITHM' }));
  });
});

describe('sealed content keys (X25519 sealed box)', () => {
  it('opens only for the recipient', () => {
    const alice = generateKeyPair();
    const mallory = generateKeyPair();
    const k = newContentKey();
    const sealed = sealKey(k, alice.publicKey);
    expect(openSealedKey(sealed, alice).equals(k)).toBe(true);
    expect(() => openSealedKey(sealed, mallory)).toThrow(CryptoError);
  });

  it('rejects tampering and truncation', () => {
    const alice = generateKeyPair();
    const sealed = sealKey(newContentKey(), alice.publicKey);
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i]! ^= 0x01;
      expect(() => openSealedKey(bad, alice)).toThrow(CryptoError);
    }
    expect(() => openSealedKey(sealed.subarray(0, sealed.length - 1), alice)).toThrow(CryptoError);
  });

  it('derives the same key pair from the same seed (known answer)', () => {
    const seed = Buffer.alloc(32, 7);
    const a = keyPairFromSeed(seed);
    const b = keyPairFromSeed(Buffer.alloc(32, 7));
    expect(a.publicKey.equals(b.publicKey)).toBe(true);
    expect(a.publicKey.toString('hex')).toMatchInlineSnapshot(`"761d88ec830413919dfe9d4d1d56f17e653c8c994082df5b137b90a0ae6edf74"`);
  });
});
