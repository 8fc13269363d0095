import { describe, expect, it } from 'vitest';
import { KdfPool, TEST_KDF } from './kdf.js';
import { deriveReceiptSecrets, formatReceipt, generateReceipt, parseReceipt } from './receipt.js';

describe('receipt codes', () => {
  it('are 16 digits, grouped 4-4-4-4 for display', () => {
    const r = generateReceipt();
    expect(r).toMatch(/^\d{16}$/);
    expect(formatReceipt('0123456789012345')).toBe('0123 4567 8901 2345');
  });

  it('use every digit in every position (no bias towards a fixed prefix)', () => {
    const seen = Array.from({ length: 16 }, () => new Set<string>());
    for (let i = 0; i < 400; i++) [...generateReceipt()].forEach((d, pos) => seen[pos]!.add(d));
    for (const s of seen) expect(s.size).toBe(10);
  });

  it('parse what people type: spaces, dashes, Arabic-Indic and Thai digits', () => {
    expect(parseReceipt('0123 4567 8901 2345')).toBe('0123456789012345');
    expect(parseReceipt('0123-4567-8901-2345')).toBe('0123456789012345');
    expect(parseReceipt('٠١٢٣ ٤٥٦٧ ٨٩٠١ ٢٣٤٥')).toBe('0123456789012345');
    expect(parseReceipt('๐๑๒๓๔๕๖๗๘๙๐๑๒๓๔๕')).toBe('0123456789012345');
    expect(parseReceipt('０１２３４５６７８９０１２３４５')).toBe('0123456789012345');
    expect(parseReceipt('0123 4567 8901 234')).toBeNull();
    expect(parseReceipt('0123 4567 8901 23456')).toBeNull();
    expect(parseReceipt('0123 4567 8901 234x')).toBeNull();
    expect(parseReceipt('')).toBeNull();
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
