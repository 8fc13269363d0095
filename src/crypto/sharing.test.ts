import { describe, expect, it } from 'vitest';
import { CryptoError, combineShares, contentKeyFromBytes, generateKeyPair, newContentKey, openShare, sealShare, splitKey, type KeyShare } from './index.js';

const secret = contentKeyFromBytes(Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'));

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (the AES field), written out independently of the library. */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return p;
}
function gfInv(a: number): number {
  for (let b = 1; b < 256; b++) if (gfMul(a, b) === 1) return b;
  throw new Error('no inverse');
}
/** Lagrange interpolation at x = 0 from two shares (each: y bytes, then x), the textbook formula. */
function interpolate(a: Buffer, b: Buffer): Buffer {
  const xa = a[a.length - 1]!;
  const xb = b[b.length - 1]!;
  const la = gfMul(xb, gfInv(xa ^ xb));
  const lb = gfMul(xa, gfInv(xa ^ xb));
  return Buffer.from(Array.from({ length: a.length - 1 }, (_, i) => gfMul(a[i]!, la) ^ gfMul(b[i]!, lb)));
}

// Three shares of `secret`, made once by splitKey and recorded: a known answer for combining.
const KNOWN = [
  '64be3e81d0b9c034c4c88ccc8cb58cb3b185ec4fec820c58c999ca87f0de3bb918',
  '809cd6eb2c6089e6a1cc5025bddae66ae7ecfbf51610cef723a880995281eaa281',
  'd7d5aa1b2d7dfd8536d59994dcfe16779050cae78ff8c955dec9b8571609c5b817',
].map((h) => Buffer.from(h, 'hex') as KeyShare);

describe('2-of-n splitting of contact keys (Shamir over GF(2^8))', () => {
  it('combines recorded shares to the known secret, and agrees with textbook interpolation', async () => {
    for (const [i, j] of [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 0],
    ] as const) {
      expect((await combineShares([KNOWN[i]!, KNOWN[j]!])).toString('hex')).toBe(secret.toString('hex'));
      expect(interpolate(KNOWN[i]!, KNOWN[j]!).toString('hex')).toBe(secret.toString('hex'));
    }
  });

  it('any two of n fresh shares rebuild the key; shares are 33 bytes with distinct x-coordinates', async () => {
    const key = newContentKey();
    const shares = await splitKey(key, 5);
    expect(shares).toHaveLength(5);
    expect(new Set(shares.map((s) => s[32])).size).toBe(5);
    for (const s of shares) expect(s).toHaveLength(33);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (i !== j) expect((await combineShares([shares[i]!, shares[j]!])).equals(key)).toBe(true);
    // And the library's answer is the textbook one.
    expect(interpolate(shares[3]!, shares[1]!).equals(key)).toBe(true);
  });

  it('one share alone is not enough, and the same share twice is refused', async () => {
    const shares = await splitKey(newContentKey(), 3);
    await expect(combineShares([shares[0]!])).rejects.toThrow(CryptoError);
    await expect(combineShares([shares[0]!, Buffer.from(shares[0]!) as KeyShare])).rejects.toThrow(CryptoError);
  });

  it('one share is consistent with every key: for any other key there is a split holding the same share', async () => {
    // With threshold 2 the polynomial is a line through (0, key); any share (x, y) lies on some line through
    // (0, k') for every k'. Here: the share of one split combined with the matching share of another key's line.
    const [a] = await splitKey(secret, 2);
    const other = newContentKey();
    // The second point of the line through (0, other) and a: at x' = a.x ^ 1, y' = interpolated.
    const x2 = a![32]! ^ 1 || 2;
    const y = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) {
      // y(x2) = other + (a.y - other) * x2 / a.x, in GF(2^8).
      y[i] = other[i]! ^ gfMul(a![i]! ^ other[i]!, gfMul(x2, gfInv(a![32]!)));
    }
    const forged = Buffer.concat([y, Buffer.from([x2])]) as KeyShare;
    expect((await combineShares([a!, forged])).equals(other)).toBe(true);
  });

  it('refuses a split of fewer than two shares or a key of the wrong size', async () => {
    await expect(splitKey(newContentKey(), 1)).rejects.toThrow(CryptoError);
    await expect(splitKey(Buffer.alloc(16) as never, 3)).rejects.toThrow(CryptoError);
  });
});

describe('sealed shares (X25519 sealed box, bound to a context)', () => {
  it('open only for the recipient and only in their own context', async () => {
    const alice = generateKeyPair();
    const mallory = generateKeyPair();
    const [share] = await splitKey(newContentKey(), 2);
    const sealed = sealShare(share!, alice.publicKey, 'report:r1:custody:alice');
    expect(sealed.subarray(0, 5).toString('hex')).toBe('50534c0103');
    expect(openShare(sealed, alice, 'report:r1:custody:alice').equals(share!)).toBe(true);
    expect(() => openShare(sealed, mallory, 'report:r1:custody:alice')).toThrow(CryptoError);
    expect(() => openShare(sealed, alice, 'report:r2:custody:alice')).toThrow(expect.objectContaining({ code: 'PSL_CRYPTO_WRONG_CONTEXT' }));
  });

  it('reject every single-bit flip and every truncation', async () => {
    const alice = generateKeyPair();
    const [share] = await splitKey(newContentKey(), 2);
    const sealed = sealShare(share!, alice.publicKey, 'ctx');
    for (let i = 0; i < sealed.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = Buffer.from(sealed);
        bad[i]! ^= bit;
        expect(() => openShare(bad, alice, 'ctx')).toThrow(CryptoError);
      }
    }
    for (let n = 0; n < sealed.length; n++) expect(() => openShare(sealed.subarray(0, n), alice, 'ctx')).toThrow(CryptoError);
  });

  it('a content-key seal is not a share seal (algorithm byte checked)', async () => {
    const alice = generateKeyPair();
    const [share] = await splitKey(newContentKey(), 2);
    const sealed = Buffer.from(sealShare(share!, alice.publicKey, 'ctx'));
    sealed[4] = 2;
    expect(() => openShare(sealed, alice, 'ctx')).toThrow(expect.objectContaining({ code: 'PSL_CRYPTO_BAD_ALGORITHM' }));
  });
});
