/**
 * Argon2id, run off the event loop (libsodium's pwhash on the libuv thread
 * pool) and with bounded concurrency: each run holds `memlimit` bytes, so an
 * unbounded number of parallel runs would let a burst of requests exhaust
 * memory. Waiters queue in order; past `maxQueue` they are refused at once so
 * the caller can answer "busy" instead of timing out.
 */
import sodium from './sodium.js';
import { CryptoError, type KdfParams } from './types.js';

/** The floor for receipt derivation in production: t=3, m=64 MiB. */
export const RECEIPT_KDF_MIN: KdfParams = Object.freeze({ opslimit: 3, memlimit: 64 * 1024 * 1024 });
/** Parameters for tests only: never accepted by the production configuration. */
export const TEST_KDF: KdfParams = Object.freeze({ opslimit: 1, memlimit: 8 * 1024 });

export const SALT_BYTES = sodium.crypto_pwhash_SALTBYTES;

/** Raised when the queue of waiting derivations is full. */
export class KdfBusyError extends CryptoError {
  constructor() {
    super('PSL_CRYPTO_KDF_BUSY', 'too many key derivations waiting');
  }
}

/** Runs one Argon2id derivation without any concurrency bound (used by the pool and the benchmark baseline). */
export async function argon2id(password: Buffer, salt: Buffer, params: KdfParams, outBytes: number): Promise<Buffer> {
  if (salt.length !== SALT_BYTES) throw new CryptoError('PSL_CRYPTO_BAD_SALT', `salt must be ${SALT_BYTES} bytes`);
  const out = Buffer.alloc(outBytes);
  await sodium.crypto_pwhash_async(out, password, salt, params.opslimit, params.memlimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return out;
}

/** A bounded pool for Argon2id derivations. */
export class KdfPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
    /** The derivation itself; replaceable so tests can observe how many run at once. */
    private readonly run: typeof argon2id = argon2id,
  ) {
    if (concurrency < 1) throw new RangeError('concurrency must be at least 1');
  }

  /** How many derivations are running or waiting. */
  get load(): number {
    return this.running + this.waiting.length;
  }

  /** Derives `outBytes` bytes with Argon2id; waits for a free slot, or throws KdfBusyError when the queue is full. */
  async derive(password: Buffer, salt: Buffer, params: KdfParams, outBytes: number): Promise<Buffer> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) throw new KdfBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await this.run(password, salt, params, outBytes);
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `running` never dips and a burst cannot overtake the queue.
      if (next) next();
      else this.running--;
    }
  }
}
