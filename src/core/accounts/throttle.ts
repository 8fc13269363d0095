/**
 * Login throttling that slows guessing without letting an attacker lock
 * caseworkers out. Failures are counted per account for clients without a
 * device token, and separately per device for clients with one: a browser
 * that has logged in to the account before carries a signed device token,
 * so a flood of wrong passwords from elsewhere locks out only "elsewhere".
 */
import type { Clock, Db } from '../shared/deps.js';

export const THROTTLE = {
  /** Failures allowed in a window before the key is locked. */
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  /** A trusted device gets more room before its own lock. */
  maxDeviceFailures: 10,
} as const;

/** When the key is locked, the time it opens again; otherwise null. */
export async function lockedUntil(db: Db, key: string, clock: Clock): Promise<Date | null> {
  const row = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  if (!row?.locked_until) return null;
  const until = new Date(row.locked_until);
  return until > clock.now() ? until : null;
}

/** Counts one failure; locks the key once the window holds too many. */
export async function recordFailure(db: Db, key: string, clock: Clock, maxFailures: number): Promise<void> {
  const now = clock.now();
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row || now.getTime() - new Date(row.window_start).getTime() > THROTTLE.windowMs) {
    const values = { failures: 1, window_start: now.toISOString(), locked_until: null };
    if (row) await db.updateTable('login_throttle').set(values).where('key', '=', key).execute();
    else await db.insertInto('login_throttle').values({ key, ...values }).execute();
    return;
  }
  const failures = Number(row.failures) + 1;
  const locked = failures >= maxFailures ? new Date(now.getTime() + THROTTLE.lockMs).toISOString() : row.locked_until;
  await db.updateTable('login_throttle').set({ failures, locked_until: locked }).where('key', '=', key).execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
