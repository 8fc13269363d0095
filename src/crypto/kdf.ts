/**
 * Argon2id, run off the event loop (libsodium's pwhash on the libuv thread
 * pool) and with bounded concurrency: each run holds `memlimit` bytes, so an
 * unbounded number of parallel runs would let a burst of requests exhaust
 * memory. Waiters queue in order, one queue per flow; past `maxQueue` they are
 * refused at once so the caller can answer "busy" instead of timing out. A
 * flow can be capped to a share of the slots, so that guessing in one flow
 * (wrong receipts) never takes the capacity another needs (new reports).
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

/**
 * The flow a derivation serves ("intake", "follow-up", ...). Each flow has its
 * own queue, and may have a cap on how many of the pool's slots it holds at
 * once, so that guessing in one flow cannot take the capacity another needs.
 */
export type KdfFlow = string;

/** A bounded pool for Argon2id derivations, shared fairly between flows. */
export class KdfPool {
  private running = 0;
  private readonly runningByFlow = new Map<KdfFlow, number>();
  private readonly queues = new Map<KdfFlow, Array<() => void>>();
  /** Where the next search for a waiter starts, so that flows take turns. */
  private cursor = 0;

  constructor(
    readonly concurrency: number,
    /** How many derivations may wait, per flow. */
    readonly maxQueue: number,
    /** The derivation itself; replaceable so tests can observe how many run at once. */
    private readonly run: typeof argon2id = argon2id,
    /** The most slots each named flow may hold at once (a flow not named may use them all). */
    private readonly shares: Readonly<Record<KdfFlow, number>> = {},
  ) {
    if (concurrency < 1) throw new RangeError('concurrency must be at least 1');
    for (const [flow, share] of Object.entries(shares)) if (!(share >= 1)) throw new RangeError(`the share of ${flow} must be at least 1`);
  }

  /** How many derivations are running or waiting. */
  get load(): number {
    let waiting = 0;
    for (const q of this.queues.values()) waiting += q.length;
    return this.running + waiting;
  }

  private canStart(flow: KdfFlow): boolean {
    return this.running < this.concurrency && (this.runningByFlow.get(flow) ?? 0) < (this.shares[flow] ?? this.concurrency);
  }

  private take(flow: KdfFlow): void {
    this.running++;
    this.runningByFlow.set(flow, (this.runningByFlow.get(flow) ?? 0) + 1);
  }

  /** Starts waiters while a slot is free, taking flows in turn; the slot is counted before the waiter resumes, so a newcomer cannot overtake. */
  private dispatch(): void {
    for (;;) {
      const flows = [...this.queues.keys()];
      let started = false;
      for (let i = 0; i < flows.length; i++) {
        const flow = flows[(this.cursor + i) % flows.length]!;
        const queue = this.queues.get(flow)!;
        if (queue.length === 0 || !this.canStart(flow)) continue;
        this.take(flow);
        this.cursor = (this.cursor + i + 1) % flows.length;
        queue.shift()!();
        started = true;
        break;
      }
      if (!started) return;
    }
  }

  /**
   * Derives `outBytes` bytes with Argon2id for `flow`; waits for a free slot within the flow's share, or
   * throws KdfBusyError when the flow's queue is full (other flows' queues are not touched).
   */
  async derive(password: Buffer, salt: Buffer, params: KdfParams, outBytes: number, flow: KdfFlow = 'other'): Promise<Buffer> {
    let queue = this.queues.get(flow);
    if (!queue) this.queues.set(flow, (queue = []));
    if (queue.length === 0 && this.canStart(flow)) {
      this.take(flow);
    } else {
      if (queue.length >= this.maxQueue) throw new KdfBusyError();
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    try {
      return await this.run(password, salt, params, outBytes);
    } finally {
      this.running--;
      this.runningByFlow.set(flow, this.runningByFlow.get(flow)! - 1);
      this.dispatch();
    }
  }
}
