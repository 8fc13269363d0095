/**
 * Rate limits per flow (intake, receipt look-up), not per IP address: Tor
 * users share exit addresses, and Parasol does not keep addresses at all.
 * A fixed one-minute window per flow, counted in memory or, when configured,
 * in Redis so that several instances share the count. If Redis fails the
 * request is allowed: the Argon2id queue still bounds the work.
 */
import type { Redis } from 'ioredis';

export interface FlowLimiter {
  /** Counts one use of the flow; false when its budget for this minute is spent. */
  take(flow: string, perMinute: number): Promise<boolean>;
  close(): Promise<void>;
}

export function memoryFlowLimiter(now: () => number = Date.now): FlowLimiter {
  const windows = new Map<string, { minute: number; count: number }>();
  return {
    async take(flow, perMinute) {
      const minute = Math.floor(now() / 60_000);
      const w = windows.get(flow);
      if (!w || w.minute !== minute) {
        windows.set(flow, { minute, count: 1 });
        return true;
      }
      w.count++;
      return w.count <= perMinute;
    },
    async close() {},
  };
}

export function redisFlowLimiter(redis: Redis, now: () => number = Date.now): FlowLimiter {
  return {
    async take(flow, perMinute) {
      const key = `parasol:flow:${flow}:${Math.floor(now() / 60_000)}`;
      try {
        const [[, count]] = (await redis.multi().incr(key).expire(key, 120).exec()) as [[unknown, number], unknown];
        return count <= perMinute;
      } catch {
        return true;
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
