/**
 * Keyed hashes: HMAC-SHA-256 under the installation pepper, which lives in the
 * secrets file and never in the database. A copy of the database therefore
 * cannot be used to test guesses of a phone number or a receipt offline.
 */
import { createHmac, timingSafeEqual as nodeTimingSafeEqual } from 'node:crypto';
import type { KeyedHash } from './types.js';

/** HMAC-SHA-256(key, message) as raw bytes. */
export function hmacSha256(key: Buffer, message: Buffer | string): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

/**
 * Keyed hash of a value in a named domain ("phone", "receipt", ...). The domain
 * and a NUL separator are prefixed, so equal strings in two domains never match.
 */
export function keyedHash(pepper: Buffer, domain: string, value: Buffer | string): KeyedHash {
  const h = createHmac('sha256', pepper);
  h.update(`parasol/${domain}\u0000`, 'utf8');
  h.update(value);
  return h.digest('hex') as KeyedHash;
}

/** Constant-time comparison of two byte strings (false when lengths differ). */
export function timingSafeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (x.length !== y.length) {
    // Compare against itself to spend comparable time, then fail.
    nodeTimingSafeEqual(x, x);
    return false;
  }
  return nodeTimingSafeEqual(x, y);
}
