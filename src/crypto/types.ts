/**
 * Branded types for key material and ciphertext, so that a plaintext buffer
 * cannot be written where a sealed value is expected (and the reverse) without
 * an explicit, greppable cast inside this module.
 */
import type { CryptoErrorCode } from './error-codes.js';

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A 32-byte symmetric key for XChaCha20-Poly1305; random per report. */
export type ContentKey = Brand<Buffer, 'ContentKey'>;
/** A versioned envelope: header, nonce and XChaCha20-Poly1305 ciphertext. */
export type Ciphertext = Brand<Buffer, 'Ciphertext'>;
/** A content key sealed to one recipient's X25519 public key. */
export type SealedKey = Brand<Buffer, 'SealedKey'>;
/** An X25519 public key. */
export type PublicKey = Brand<Buffer, 'PublicKey'>;
/** An X25519 secret key; kept in memory only as long as needed. */
export type SecretKey = Brand<Buffer, 'SecretKey'>;
/** A hex-encoded keyed hash (HMAC-SHA-256 under the installation pepper). */
export type KeyedHash = Brand<string, 'KeyedHash'>;

export interface KeyPair {
  readonly publicKey: PublicKey;
  readonly secretKey: SecretKey;
}

/** Argon2id cost parameters. */
export interface KdfParams {
  /** Iterations (t). */
  readonly opslimit: number;
  /** Memory in bytes (m). */
  readonly memlimit: number;
}

/** Thrown for any failed decryption or malformed envelope; never carries key material. */
export class CryptoError extends Error {
  readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}
