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
  it('gives each flow its own queue, and holds a capped flow to its share of the slots', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    const held: typeof argon2id = async (password, ...rest) => {
      started.push(password.toString());
      if (password.toString().startsWith('guess')) await gate;
      return argon2id(password, ...rest);
    };
    const pool = new KdfPool(2, 3, held, { 'follow-up': 1 });
    const guesses = Array.from({ length: 6 }, (_, i) =>
      pool.derive(Buffer.from(`guess${i}`), salt, params, 32, 'follow-up').then(
        () => 'done',
        (e: unknown) => e,
      ),
    );
    await new Promise((r) => setTimeout(r, 0));
    // One guess runs (its share), three wait, two are refused at once.
    expect(started).toEqual(['guess0']);
    expect(pool.load).toBe(4);
    // Intake still has a slot and its own queue: it runs while the guesses are held.
    await expect(pool.derive(Buffer.from('report'), salt, params, 32, 'intake')).resolves.toHaveLength(32);
    release();
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(4);
    expect(outcomes.filter((o) => o instanceof KdfBusyError)).toHaveLength(2);
    expect(pool.load).toBe(0);
  });
});
