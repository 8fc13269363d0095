/**
 * Known-answer tests against published vectors and an independent
 * implementation, so that a wrong primitive or wrong parameter order fails.
 */
import { hashRaw } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import sodium from './sodium.js';
import { argon2id, contentKeyFromBytes, deriveSubkey, encrypt, hmacSha256, keyedHash } from './index.js';

describe('XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha, appendix A.3.1)', () => {
  const key = Buffer.from('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f', 'hex');
  const nonce = Buffer.from('404142434445464748494a4b4c4d4e4f5051525354555657', 'hex');
  const ad = Buffer.from('50515253c0c1c2c3c4c5c6c7', 'hex');
  const plaintext = Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
  const expected =
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
    'c0875924c1c7987947deafd8780acf49';

  it('the primitive matches the published ciphertext and tag', () => {
    const out = Buffer.alloc(plaintext.length + 16);
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, plaintext, ad, null, nonce, key);
    expect(out.toString('hex')).toBe(expected);
  });

  it('the envelope is header | nonce | AEAD(key, nonce, header | context, plaintext)', () => {
    const env = encrypt(contentKeyFromBytes(key), plaintext, 'report:r1:body', nonce);
    const header = Buffer.from('50534c0101', 'hex');
    const out = Buffer.alloc(plaintext.length + 16);
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, plaintext, Buffer.concat([header, Buffer.from('report:r1:body')]), null, nonce, key);
    expect(env.toString('hex')).toBe(Buffer.concat([header, nonce, out]).toString('hex'));
  });
});

describe('HMAC-SHA-256 (RFC 4231)', () => {
  it('test case 2', () => {
    expect(hmacSha256(Buffer.from('Jefe'), 'what do ya want for nothing?').toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
  it('test case 1', () => {
    expect(hmacSha256(Buffer.alloc(20, 0x0b), 'Hi There').toString('hex')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
  });
  it('keyed hashes are domain-separated and depend on the pepper', () => {
    const pepper = Buffer.alloc(32, 1);
    expect(keyedHash(pepper, 'identifier/phone', '+447911123456')).not.toBe(keyedHash(pepper, 'identifier/handle', '+447911123456'));
    expect(keyedHash(pepper, 'x', 'v')).not.toBe(keyedHash(Buffer.alloc(32, 2), 'x', 'v'));
    // HMAC(pepper, "parasol/x\0v"), computed independently of keyedHash.
    expect(keyedHash(pepper, 'x', 'v')).toBe(hmacSha256(pepper, Buffer.from('parasol/x\u0000v')).toString('hex'));
  });
});

describe('Argon2id', () => {
  it('agrees with an independent implementation (@node-rs/argon2) at the receipt parameters', async () => {
    const password = Buffer.from('parasol-receipt:0123456789012345');
    const salt = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const ours = await argon2id(password, salt, { opslimit: 3, memlimit: 64 * 1024 * 1024 }, 64);
    const theirs = await hashRaw(password, { salt, timeCost: 3, memoryCost: 64 * 1024, parallelism: 1, outputLen: 64, algorithm: 2 /* Argon2id */ });
    expect(ours.toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
  });

  it('refuses a salt of the wrong length', async () => {
    await expect(argon2id(Buffer.from('x'), Buffer.alloc(8), { opslimit: 1, memlimit: 8192 }, 32)).rejects.toThrow(/salt/);
  });
});

describe('subkeys (crypto_kdf, BLAKE2b)', () => {
  it('differ per context and id, and are stable', () => {
    const master = Buffer.alloc(32, 9);
    const a = deriveSubkey(master, 'cookie01', 1);
    expect(a.equals(deriveSubkey(master, 'cookie01', 1))).toBe(true);
    expect(a.equals(deriveSubkey(master, 'cookie01', 2))).toBe(false);
    expect(a.equals(deriveSubkey(master, 'rpaccess', 1))).toBe(false);
    expect(() => deriveSubkey(master, 'short', 1)).toThrow();
  });
});
