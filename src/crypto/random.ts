/** Random identifiers and secrets from libsodium's CSPRNG. */
import sodium from './sodium.js';

/** Random bytes. */
export function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  sodium.randombytes_buf(b);
  return b;
}

/** A 128-bit random id, base32-like lowercase hex (32 chars). Carries no time, unlike ULIDs or UUIDv7. */
export function randomId(): string {
  return randomBytes(16).toString('hex');
}

/** A uniformly random integer in [0, upper). */
export function randomInt(upper: number): number {
  return sodium.randombytes_uniform(upper);
}

/** A random URL-safe token of `bytes` bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
