/** The crypto layer's public surface. Knows nothing of the application. */
export * from './types.js';
export * from './error-codes.js';
export * from './contexts.js';
export * from './envelope.js';
export * from './kdf.js';
export * from './keyed-hash.js';
export * from './random.js';
export * from './receipt.js';
export * from './subkeys.js';
export * from './credentials.js';
export * from './audit-chain.js';
export * from './shred.js';
export * from './sharing.js';
export * from './oprf.js';
export { ristrettoBackend } from './ristretto255.js';
