import { describe, expect, it } from 'vitest';
import { argon2id, KdfBusyError, KdfPool } from './kdf.js';

const salt = Buffer.alloc(16, 3);
const params = { opslimit: 2, memlimit: 16 * 1024 * 1024 };

describe('KdfPool', () => {
  it('never runs more derivations at once than its bound, and runs them all', async () => {
    let running = 0;
    let peak = 0;
    const observed: typeof argon2id = async (...args) => {
      running++;
      peak = Math.max(peak, running);
      try {
        return await argon2id(...args);
      } finally {
        running--;
      }
    };
    const pool = new KdfPool(2, 100, observed);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.derive(Buffer.from(`pw${i}`), salt, params, 32)));
    expect(new Set(results.map((r) => r.toString('hex'))).size).toBe(8);
    expect(peak).toBe(2);
    expect(pool.load).toBe(0);
  });

  it('refuses at once when the queue is full, and recovers', async () => {
    const pool = new KdfPool(1, 1);
    const first = pool.derive(Buffer.from('a'), salt, params, 32);
    const second = pool.derive(Buffer.from('b'), salt, params, 32);
    await expect(pool.derive(Buffer.from('c'), salt, params, 32)).rejects.toBeInstanceOf(KdfBusyError);
    await Promise.all([first, second]);
    await expect(pool.derive(Buffer.from('d'), salt, params, 32)).resolves.toHaveLength(32);
  });

  it('does not block the event loop while deriving', async () => {
    const pool = new KdfPool(2, 10);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await Promise.all([pool.derive(Buffer.from('x'), salt, { opslimit: 3, memlimit: 64 * 1024 * 1024 }, 32), pool.derive(Buffer.from('y'), salt, { opslimit: 3, memlimit: 64 * 1024 * 1024 }, 32)]);
    clearInterval(timer);
    // Two 64 MiB derivations take well over 50 ms; a blocked loop would count no ticks at all.
    expect(ticks).toBeGreaterThan(3);
  });
});
