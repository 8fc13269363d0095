/**
 * The server's half of a logged-in caseworker's key: their X25519 secret key,
 * encrypted under a random per-session key that only the session cookie
 * holds. Neither half opens anything alone: the cookie (even opened with the
 * secrets file) holds only the session key, and this store only ciphertext.
 * Ending a session deletes its entry here, so a cookie copied at any time
 * opens nothing afterwards, even with a full copy of the server's disks.
 *
 * In process memory with one instance; in Redis (REDIS_URL) with several,
 * each entry with the session's remaining lifetime as its expiry. Never in the
 * database or a backup: a restart or a Redis flush logs caseworkers out, and
 * that is the price.
 */
import type { Redis } from 'ioredis';
import type { UserId } from '../db/ids.js';

export interface StaffKeyStore {
  /** Keeps a session's half until `ttlMs` from now (replacing any earlier one). */
  put(sessionId: string, userId: UserId, half: Buffer, ttlMs: number): Promise<void>;
  /** The session's half, its lifetime moved to `ttlMs` from now; null when it is gone (ended, expired, restarted). */
  take(sessionId: string, ttlMs: number): Promise<Buffer | null>;
  /** Destroys one session's half (logout, expiry). */
  drop(sessionId: string): Promise<void>;
  /** Destroys every half of the user's sessions (log out everywhere, password change, deactivation). */
  dropUser(userId: UserId): Promise<void>;
  close(): Promise<void>;
}

/** A store in this process's memory, expiring entries by the given clock. */
export function memoryStaffKeyStore(now: () => number = Date.now): StaffKeyStore & { readonly size: () => number } {
  const entries = new Map<string, { userId: UserId; half: Buffer; expiresAt: number }>();
  const destroy = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    e.half.fill(0);
    entries.delete(id);
  };
  const sweep = () => {
    const t = now();
    // Alive up to and including its last millisecond, as the cookie's own timeouts are.
    for (const [id, e] of entries) if (e.expiresAt < t) destroy(id);
  };
  // Expired halves are destroyed even when their cookie never comes back.
  const timer = setInterval(sweep, 60_000);
  timer.unref();
  return {
    async put(sessionId, userId, half, ttlMs) {
      sweep();
      destroy(sessionId);
      entries.set(sessionId, { userId, half: Buffer.from(half), expiresAt: now() + ttlMs });
    },
    async take(sessionId, ttlMs) {
      sweep();
      const e = entries.get(sessionId);
      if (!e) return null;
      e.expiresAt = now() + ttlMs;
      return Buffer.from(e.half);
    },
    async drop(sessionId) {
      destroy(sessionId);
    },
    async dropUser(userId) {
      for (const [id, e] of entries) if (e.userId === userId) destroy(id);
    },
    async close() {
      clearInterval(timer);
      for (const id of [...entries.keys()]) destroy(id);
    },
    size: () => {
      sweep();
      return entries.size;
    },
  };
}

const HALF = (id: string) => `parasol:staffkey:${id}`;
const USER = (id: UserId) => `parasol:staffkeys-of:${id}`;
/** The user's index outlives any one session by at most the absolute session lifetime. */
const INDEX_TTL_MS = 13 * 60 * 60 * 1000;
/** Instances' clocks and Redis's differ a little: a half outlives its cookie's timeout by this much at most. */
const CLOCK_GRACE_MS = 5_000;

/**
 * A store in Redis, shared by every instance. Errors propagate: a session
 * whose half cannot be read is treated as ended (the person logs in again),
 * and one whose half cannot be destroyed fails loudly rather than pretending.
 */
export function redisStaffKeyStore(redis: Redis): StaffKeyStore {
  return {
    async put(sessionId, userId, half, ttlMs) {
      await redis
        .multi()
        .set(HALF(sessionId), half, 'PX', Math.ceil(ttlMs) + CLOCK_GRACE_MS)
        .sadd(USER(userId), sessionId)
        .pexpire(USER(userId), INDEX_TTL_MS)
        .exec();
    },
    async take(sessionId, ttlMs) {
      const res = (await redis
        .multi()
        .getBuffer(HALF(sessionId))
        .pexpire(HALF(sessionId), Math.ceil(ttlMs) + CLOCK_GRACE_MS)
        .exec()) as Array<[Error | null, unknown]> | null;
      const [err, value] = res?.[0] ?? [null, null];
      if (err) throw err;
      return Buffer.isBuffer(value) ? value : null;
    },
    async drop(sessionId) {
      await redis.del(HALF(sessionId));
    },
    async dropUser(userId) {
      const ids = await redis.smembers(USER(userId));
      await redis.del(USER(userId), ...ids.map(HALF));
    },
    async close() {},
  };
}
