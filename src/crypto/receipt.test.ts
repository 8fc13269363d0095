import { describe, expect, it } from 'vitest';
import { KdfPool, TEST_KDF } from './kdf.js';
import { DAMM_TABLE, dammDigit, deriveReceiptSecrets, formatReceipt, generateReceipt, parseReceipt } from './receipt.js';

describe('receipt codes', () => {
  it('are 24 digits with at least 72 bits of randomness, grouped in six fours, the last a check digit', () => {
    const r = generateReceipt();
    expect(r).toMatch(/^\d{24}$/);
    // 23 random digits: log2(10^23) ≈ 76.4 bits.
    expect(23 * Math.log2(10)).toBeGreaterThanOrEqual(72);
    expect(dammDigit(r)).toBe(0);
    expect(formatReceipt('012345678901234567890123')).toBe('0123 4567 8901 2345 6789 0123');
  });

  it('use every digit in every random position (no bias towards a fixed prefix)', () => {
    const seen = Array.from({ length: 23 }, () => new Set<string>());
    for (let i = 0; i < 400; i++) [...generateReceipt().slice(0, 23)].forEach((d, pos) => seen[pos]!.add(d));
    for (const s of seen) expect(s.size).toBe(10);
  });

  it('have a check table that provably catches every single wrong digit and every swap of neighbours', () => {
    // Every row and every column is a permutation of 0-9 (a Latin square): a wrong digit changes the interim
    // digit at its position, and every later step maps different interim digits to different ones.
    for (let i = 0; i < 10; i++) {
      expect(new Set(DAMM_TABLE[i]).size).toBe(10);
      expect(new Set(DAMM_TABLE.map((row) => row[i])).size).toBe(10);
    }
    // Weak total anti-symmetry: from any interim digit c, "a then b" and "b then a" end differently when a ≠ b.
    for (let c = 0; c < 10; c++) for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) if (a !== b) expect(DAMM_TABLE[DAMM_TABLE[c]![a]!]![b]).not.toBe(DAMM_TABLE[DAMM_TABLE[c]![b]!]![a]);
  });

  it('turn away every single-digit error and every adjacent swap, in every position including the check digit', () => {
    for (let n = 0; n < 200; n++) {
      const r = generateReceipt();
      expect(parseReceipt(r)).toEqual({ ok: true, digits: r });
      for (let pos = 0; pos < 24; pos++) {
        for (let d = 0; d < 10; d++) {
          if (String(d) === r[pos]) continue;
          const typo = r.slice(0, pos) + String(d) + r.slice(pos + 1);
          expect(parseReceipt(typo)).toEqual({ ok: false, reason: 'check' });
        }
        if (pos < 23 && r[pos] !== r[pos + 1]) {
          const swapped = r.slice(0, pos) + r[pos + 1] + r[pos] + r.slice(pos + 2);
          expect(parseReceipt(swapped)).toEqual({ ok: false, reason: 'check' });
        }
      }
    }
  });

  it('parse what people type: spaces, dashes, Arabic-Indic and Thai digits; 16-digit codes issued before still parse', () => {
    const r = '012345678901234567890123'.slice(0, 23);
    const code = r + String(dammDigit(r));
    const ok = { ok: true, digits: code };
    expect(parseReceipt(formatReceipt(code))).toEqual(ok);
    expect(parseReceipt(formatReceipt(code).replaceAll(' ', '-'))).toEqual(ok);
    const arabic = [...formatReceipt(code)].map((c) => (c === ' ' ? c : String.fromCodePoint(0x660 + Number(c)))).join('');
    expect(parseReceipt(arabic)).toEqual(ok);
    const thai = [...code].map((c) => String.fromCodePoint(0xe50 + Number(c))).join('');
    expect(parseReceipt(thai)).toEqual(ok);
    const fullWidth = [...code].map((c) => String.fromCodePoint(0xff10 + Number(c))).join('');
    expect(parseReceipt(fullWidth)).toEqual(ok);
    // A code issued before the check digit: 16 digits, any digits.
    expect(parseReceipt('0123 4567 8901 2345')).toEqual({ ok: true, digits: '0123456789012345' });
    expect(parseReceipt('٠١٢٣ ٤٥٦٧ ٨٩٠١ ٢٣٤٥')).toEqual({ ok: true, digits: '0123456789012345' });
    expect(parseReceipt('0123 4567 8901 234')).toEqual({ ok: false, reason: 'format' });
    expect(parseReceipt(code.slice(0, 23))).toEqual({ ok: false, reason: 'format' });
    expect(parseReceipt(code + '0')).toEqual({ ok: false, reason: 'format' });
    expect(parseReceipt(code.slice(0, 23) + 'x')).toEqual({ ok: false, reason: 'format' });
    expect(parseReceipt('')).toEqual({ ok: false, reason: 'format' });
  });

  it('derive from a 16-digit code exactly as before the change (known answer computed on the old code)', async () => {
    const s = await deriveReceiptSecrets('0123456789012345', Buffer.alloc(16, 1), Buffer.alloc(32, 2), TEST_KDF, new KdfPool(1, 1));
    expect(s.lookup).toBe('1d19c8c0a9f9c8f247a7cc8233af5f54c8ec403045002778ecb585941a83ff34');
    expect(s.keyPair.publicKey.toString('hex')).toBe('7aaf9833315ea7fa5a2e3feb3a53bee6d252ba8aae27ae9809f86ff6c409d818');
  });

  it('derive the same lookup and key pair every time, and different ones per code, salt and pepper', async () => {
    const pool = new KdfPool(2, 10);
    const salt = Buffer.alloc(16, 1);
    const pepper = Buffer.alloc(32, 2);
    const a = await deriveReceiptSecrets('0123456789012345', salt, pepper, TEST_KDF, pool);
    const b = await deriveReceiptSecrets('0123456789012345', salt, pepper, TEST_KDF, pool);
    expect(a.lookup).toBe(b.lookup);
    expect(a.keyPair.publicKey.equals(b.keyPair.publicKey)).toBe(true);
    const other = await deriveReceiptSecrets('0123456789012346', salt, pepper, TEST_KDF, pool);
    expect(other.lookup).not.toBe(a.lookup);
    const otherSalt = await deriveReceiptSecrets('0123456789012345', Buffer.alloc(16, 9), pepper, TEST_KDF, pool);
    expect(otherSalt.lookup).not.toBe(a.lookup);
    const otherPepper = await deriveReceiptSecrets('0123456789012345', salt, Buffer.alloc(32, 9), TEST_KDF, pool);
    expect(otherPepper.lookup).not.toBe(a.lookup);
    // The pepper keys only the lookup; the reporter's key pair depends on the code and salt alone.
    expect(otherPepper.keyPair.publicKey.equals(a.keyPair.publicKey)).toBe(true);
    // The lookup is a keyed hash: 64 hex characters, and not the public key.
    expect(a.lookup).toMatch(/^[0-9a-f]{64}$/);
    expect(a.lookup).not.toBe(a.keyPair.publicKey.toString('hex'));
  });
});
