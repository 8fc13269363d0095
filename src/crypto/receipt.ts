/**
 * Receipt codes: 24 decimal digits, 23 from the CSPRNG (76 bits) and a Damm
 * check digit, shown in six groups of four so that a person can type one on
 * a phone keypad, read it aloud in any language or keep it among their
 * contacts. Codes issued before receipts grew have 16 digits and no check
 * digit; they still open their reports.
 *
 * One Argon2id run over the digits (with the installation salt) yields 64
 * bytes: the first 32 are the lookup value, which is then keyed with the
 * pepper and stored; the last 32 seed the reporter's X25519 key pair, which
 * opens the report's content key. 10^23 codes and a memory-hard KDF make
 * guessing from a seized database hopeless, and online guessing across a
 * network of thousands of reports negligible; the check digit turns away a
 * mistyped code before any Argon2id work.
 */
import { keyedHash } from './keyed-hash.js';
import { keyPairFromSeed } from './envelope.js';
import type { KdfFlow, KdfPool } from './kdf.js';
import { randomInt } from './random.js';
import type { KdfParams, KeyedHash, KeyPair } from './types.js';

/** Digits of a receipt issued now: 23 random digits and the check digit. */
export const RECEIPT_DIGITS = 24;
/** Digits of a receipt issued before the check digit (no check digit). */
export const LEGACY_RECEIPT_DIGITS = 16;

/**
 * Damm's quasigroup of order 10 (totally anti-symmetric, zero diagonal): a
 * string is valid when folding its digits through the table from 0 ends at 0.
 * Every row and column is a permutation, so any single wrong digit changes
 * the result; T[T[c][a]][b] ≠ T[T[c][b]][a] for a ≠ b, so any swap of two
 * neighbouring digits does too. Both properties are checked exhaustively in
 * the tests.
 */
export const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The Damm interim digit of a digit string: its check digit, or 0 when the string already ends in a valid one. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM_TABLE[interim]![ch.charCodeAt(0) - 48]!;
  return interim;
}

/** Makes a fresh receipt code: 23 uniformly random digits and their Damm check digit. */
export function generateReceipt(): string {
  let s = '';
  for (let i = 0; i < RECEIPT_DIGITS - 1; i++) s += String(randomInt(10));
  return s + String(dammDigit(s));
}

/** Formats the digits in groups of four: "1234 5678 9012 3456 7890 1234". */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The zero of each decimal-digit script a reporter is likely to type in (NFKC folds full-width digits to ASCII). */
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xed0, 0x1040, 0x17e0];

/**
 * What a typed receipt is: the digits to derive from, or why not. `format`:
 * not 24 (or, for a code issued before the change, 16) digits; `check`: 24
 * digits whose check digit does not match, a mistyped or swapped digit. Both
 * are decided without any Argon2id work.
 */
export type ParsedReceipt = { readonly ok: true; readonly digits: string } | { readonly ok: false; readonly reason: 'format' | 'check' };

/**
 * Normalises what a person typed: spaces, dashes, dots and brackets are
 * ignored, and digits from other scripts (Arabic-Indic, Persian, Thai, ...)
 * count. 24 digits must carry a valid check digit; 16 digits are a code
 * issued before receipts grew.
 */
export function parseReceipt(input: string): ParsedReceipt {
  let digits = '';
  for (const ch of input.normalize('NFKC')) {
    if (/[\s\-.()/+]/u.test(ch)) continue;
    const cp = ch.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
    if (zero === undefined) return { ok: false, reason: 'format' };
    digits += String(cp - zero);
  }
  if (digits.length === LEGACY_RECEIPT_DIGITS) return { ok: true, digits };
  if (digits.length !== RECEIPT_DIGITS) return { ok: false, reason: 'format' };
  return dammDigit(digits) === 0 ? { ok: true, digits } : { ok: false, reason: 'check' };
}

export interface ReceiptSecrets {
  /** HMAC(pepper, lookup): the only receipt-derived value stored. */
  readonly lookup: KeyedHash;
  /** The reporter's key pair, derived from the receipt. */
  readonly keyPair: KeyPair;
}

/**
 * Derives the stored lookup hash and the reporter's key pair from a receipt
 * code (24 digits, or 16 for a code issued before the check digit: the same
 * derivation, so those still open their reports). `flow` names the pool's
 * queue and share the run is counted against.
 */
export async function deriveReceiptSecrets(digits: string, salt: Buffer, pepper: Buffer, params: KdfParams, pool: KdfPool, flow?: KdfFlow): Promise<ReceiptSecrets> {
  const out = await pool.derive(Buffer.from(`parasol-receipt:${digits}`, 'utf8'), salt, params, 64, flow);
  const lookup = keyedHash(pepper, 'receipt', out.subarray(0, 32));
  const keyPair = keyPairFromSeed(Buffer.from(out.subarray(32, 64)));
  out.fill(0);
  return { lookup, keyPair };
}
