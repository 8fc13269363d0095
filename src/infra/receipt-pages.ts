/**
 * Receipt pages of reports just sent, kept a few minutes so that Back and a
 * second sending of the same form show the same receipt again. They live
 * only in memory, never in the database, a backup or a log: in Redis
 * (REDIS_URL, shared by every instance; Redis must run without persistence,
 * docs/scale-out.md) or in this process, bounded in number and time. Each
 * page is opaque here: core/sessions/form-token.ts encrypts it under a key
 * that only the reporter's form and cookie hold. A restart or a Redis flush
 * forgets every page: a second sending then shows a plain page, never a
 * second report.
 */
import type { Redis } from 'ioredis';

export interface ReceiptPageStore {
  /** Keeps a page for `ttlMs` (the first one kept for an id stays: a later one is ignored). */
  put(id: string, page: Buffer, ttlMs: number): Promise<void>;
  /** The page, or null when it is gone (expired, restarted, never kept). */
  get(id: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** At most this many pages in one process's memory; the oldest go first beyond it. */
export const MEMORY_PAGE_LIMIT = 10_000;

/** A store in this process's memory, by the given clock (coarse: pages are swept each minute and on each use). */
export function memoryReceiptPages(now: () => number = Date.now, limit = MEMORY_PAGE_LIMIT): ReceiptPageStore & { readonly size: () => number } {
  // A Map keeps insertion order: the first entries are the oldest.
  const pages = new Map<string, { page: Buffer; expiresAt: number }>();
  const destroy = (id: string) => {
    pages.get(id)?.page.fill(0);
    pages.delete(id);
  };
  const sweep = () => {
    const t = now();
    for (const [id, e] of pages) if (e.expiresAt < t) destroy(id);
  };
  const timer = setInterval(sweep, 60_000);
  timer.unref();
  return {
    async put(id, page, ttlMs) {
      sweep();
      if (pages.has(id)) return;
      while (pages.size >= limit) destroy(pages.keys().next().value!);
      pages.set(id, { page: Buffer.from(page), expiresAt: now() + ttlMs });
    },
    async get(id) {
      sweep();
      const e = pages.get(id);
      return e ? Buffer.from(e.page) : null;
    },
    async close() {
      clearInterval(timer);
      for (const id of [...pages.keys()]) destroy(id);
    },
    size: () => {
      sweep();
      return pages.size;
    },
  };
}

const PAGE = (id: string) => `parasol:receipt-page:${id}`;

/** A store in Redis, shared by every instance; Redis expires each page by itself. */
export function redisReceiptPages(redis: Redis): ReceiptPageStore {
  return {
    async put(id, page, ttlMs) {
      await redis.set(PAGE(id), page, 'PX', Math.ceil(ttlMs), 'NX');
    },
    async get(id) {
      return redis.getBuffer(PAGE(id));
    },
    async close() {},
  };
}
