/**
 * Login throttling that slows guessing without letting an attacker lock
 * caseworkers out. Attempts are counted per account for clients without a
 * device token, and separately per device for clients with one: a browser
 * that has logged in to the account before carries a signed device token,
 * so a flood of wrong passwords from elsewhere locks out only "elsewhere".
 *
 * An attempt is taken, atomically, before any password work: one upsert
 * counts it and answers whether it is within the limit, so a hundred
 * guesses sent at once cannot all slip past a check made before the first
 * failure was written. A successful login clears the count; a failed one
 * leaves it as taken.
 */
import { sql } from 'kysely';
import type { Clock, Db } from '../shared/deps.js';

export const THROTTLE = {
  /** Attempts allowed in a window before the key is locked. */
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  /** A trusted device gets more room before its own lock. */
  maxDeviceFailures: 10,
} as const;

export type Attempt = { readonly allowed: true } | { readonly allowed: false; readonly retryAt: Date };

/**
 * Takes one attempt for the key. Allowed while the window holds at most
 * `maxAttempts`; the attempt that reaches the limit sets the lock, and every
 * later one is refused until both the lock and the window have passed.
 */
export async function takeAttempt(db: Db, key: string, clock: Clock, maxAttempts: number): Promise<Attempt> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const windowOpened = new Date(now.getTime() - THROTTLE.windowMs).toISOString();
  const lockEnd = new Date(now.getTime() + THROTTLE.lockMs).toISOString();
  // ISO timestamps in UTC compare correctly as text, on both databases.
  const fresh = sql<boolean>`(login_throttle.window_start <= ${windowOpened} and (login_throttle.locked_until is null or login_throttle.locked_until <= ${nowIso}))`;
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, window_start: nowIso, locked_until: maxAttempts <= 1 ? lockEnd : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when ${fresh} then 1 else login_throttle.failures + 1 end`,
        window_start: sql<string>`case when ${fresh} then ${nowIso} else login_throttle.window_start end`,
        locked_until: sql<string | null>`case
          when ${fresh} then ${maxAttempts <= 1 ? lockEnd : null}
          when login_throttle.locked_until is null and login_throttle.failures + 1 >= ${maxAttempts} then ${lockEnd}
          else login_throttle.locked_until end`,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (Number(row.failures) <= maxAttempts) return { allowed: true };
  return { allowed: false, retryAt: new Date(row.locked_until ?? lockEnd) };
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
