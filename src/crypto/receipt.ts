/**
 * Receipt codes: 16 decimal digits from the CSPRNG, shown grouped 4-4-4-4 so
 * that a person can store one among their phone contacts.
 *
 * One Argon2id run over the digits (with the installation salt) yields 64
 * bytes: the first 32 are the lookup value, which is then keyed with the
 * pepper and stored; the last 32 seed the reporter's X25519 key pair, which
 * opens the report's content key. 10^16 codes and a memory-hard KDF make
 * guessing from a seized database hopeless; guessing online is throttled.
 */
import { keyedHash } from './keyed-hash.js';
import { keyPairFromSeed } from './envelope.js';
import type { KdfPool } from './kdf.js';
import { randomInt } from './random.js';
import type { KdfParams, KeyedHash, KeyPair } from './types.js';

export const RECEIPT_DIGITS = 16;

/** Makes a fresh receipt code: 16 uniformly random digits. */
export function generateReceipt(): string {
  let s = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) s += String(randomInt(10));
  return s;
}

/** Formats 16 digits as "1234 5678 9012 3456". */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The zero of each decimal-digit script a reporter is likely to type in (NFKC folds full-width digits to ASCII). */
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xed0, 0x1040, 0x17e0];

/**
 * Normalises what a person typed: spaces, dashes, dots and brackets are
 * ignored, and digits from other scripts (Arabic-Indic, Persian, Thai, ...)
 * count. Returns null unless exactly 16 digits remain.
 */
export function parseReceipt(input: string): string | null {
  let digits = '';
  for (const ch of input.normalize('NFKC')) {
    if (/[\s\-.()/+]/u.test(ch)) continue;
    const cp = ch.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
    if (zero === undefined) return null;
    digits += String(cp - zero);
  }
  return digits.length === RECEIPT_DIGITS ? digits : null;
}

export interface ReceiptSecrets {
  /** HMAC(pepper, lookup): the only receipt-derived value stored. */
  readonly lookup: KeyedHash;
  /** The reporter's key pair, derived from the receipt. */
  readonly keyPair: KeyPair;
}

/** Derives the stored lookup hash and the reporter's key pair from a receipt code. */
export async function deriveReceiptSecrets(
  digits: string,
  salt: Buffer,
  pepper: Buffer,
  params: KdfParams,
  pool: KdfPool,
): Promise<ReceiptSecrets> {
  const out = await pool.derive(Buffer.from(`parasol-receipt:${digits}`, 'utf8'), salt, params, 64);
  const lookup = keyedHash(pepper, 'receipt', out.subarray(0, 32));
  const keyPair = keyPairFromSeed(Buffer.from(out.subarray(32, 64)));
  out.fill(0);
  return { lookup, keyPair };
}
