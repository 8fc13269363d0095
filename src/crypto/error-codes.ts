/**
 * The crypto floor's error codes, each with its meaning. Part of Parasol's one
 * registry of error codes (the rest of it is in core and includes these); kept
 * here because crypto imports nothing of the app. A code goes to the log; the
 * message never carries key material or plaintext.
 */
export const CRYPTO_ERROR_CODES = {
  PSL_CRYPTO_AUTH_FAILED: 'A ciphertext did not authenticate: wrong key, wrong associated data or tampering.',
  PSL_CRYPTO_BAD_ALGORITHM: 'An envelope names an algorithm this version does not know.',
  PSL_CRYPTO_BAD_CONTEXT: 'A subkey context is not exactly 8 bytes.',
  PSL_CRYPTO_BAD_KEY: 'A key has the wrong length.',
  PSL_CRYPTO_BAD_ELEMENT: 'A group element (OPRF) is not a valid ristretto255 encoding, or is the identity.',
  PSL_CRYPTO_BAD_MAGIC: 'Bytes that should be a Parasol envelope do not start with its magic.',
  PSL_CRYPTO_BAD_NONCE: 'A nonce has the wrong length.',
  PSL_CRYPTO_BAD_RECOVERY_KEY: 'A recovery key is malformed (wrong length or check).',
  PSL_CRYPTO_BAD_SALT: 'A KDF salt has the wrong length.',
  PSL_CRYPTO_BAD_SEED: 'A key-pair seed has the wrong length.',
  PSL_CRYPTO_BAD_SHARE: 'A custody share is malformed or does not fit the others.',
  PSL_CRYPTO_BAD_SPLIT: 'A secret split was asked with an impossible number of shares.',
  PSL_CRYPTO_BAD_VERSION: 'An envelope has a format version this version does not read.',
  PSL_CRYPTO_KDF_BUSY: 'Too many Argon2id derivations are waiting: the request is refused, not queued.',
  PSL_CRYPTO_TOO_FEW_SHARES: 'Fewer custody shares than the threshold were given.',
  PSL_CRYPTO_TRUNCATED: 'A ciphertext or envelope is shorter than its header says.',
  PSL_CRYPTO_WRONG_CONTEXT: 'A sealed share belongs to another record.',
} as const;

export type CryptoErrorCode = keyof typeof CRYPTO_ERROR_CODES;
