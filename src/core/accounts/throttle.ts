/**
 * Login throttling that slows guessing without letting an attacker lock
 * caseworkers out. Attempts are counted per account for clients without a
 * device token, and separately per device for clients with one: a browser
 * that has logged in to the account before carries a signed device token,
 * so a flood of wrong passwords from elsewhere locks out only "elsewhere".
 *
 * An attempt is taken, atomically, before any password work, so a hundred
 * guesses sent at once cannot all slip past a check made before the first
 * failure was written. A successful login clears the count; a failed one
 * leaves it as taken.
 *
 * What the database keeps must not say who tried to log in, or when: the
 * username box sometimes holds a password or a real name, and a login
 * attempt is a member's (or caseworker's) act, kept at day precision at
 * most. So a row is keyed by a keyed hash of what was typed (HMAC-SHA-256
 * under the pepper, which lives in the secrets file) and holds only the day
 * and that day's count; rows of earlier days are deleted. The precise part
 * (five attempts, then a fifteen-minute lock) lives only in this instance's
 * memory; the database's daily count bounds the guesses over all instances
 * and restarts.
 */
import { sql } from 'kysely';
import { KEYED_HASH_CONTEXTS, keyedHash } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';
import { dayOf, type Clock, type Db } from '../shared/deps.js';
import { AttemptMemory, THROTTLE, type Attempt } from './attempt-memory.js';

export { AttemptMemory, THROTTLE, type Attempt };

/** A throttle row's key: only `throttleKey` makes one, so nothing typed reaches the table in clear. */
export type ThrottleKey = string & { readonly __throttleKey: true };

/** The key for a throttled name (`account:name:<typed>`, `member:<id>`, ...): a keyed hash, never the name. */
export function throttleKey(secrets: Secrets, name: string): ThrottleKey {
  return keyedHash(secrets.pepper, KEYED_HASH_CONTEXTS.loginThrottle, name) as string as ThrottleKey;
}

export interface ThrottleDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly attempts: AttemptMemory;
}

function nextDay(day: string): Date {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/**
 * Takes one attempt for the key. Allowed while the window holds at most
 * `maxAttempts`; the attempt that reaches the limit sets the lock, and every
 * later one is refused until both the lock and the window have passed. An
 * attempt the lock lets through is then counted in the database (one upsert
 * that counts and answers), and refused once the day's count is spent.
 */
export async function takeAttempt(deps: ThrottleDeps, key: ThrottleKey, maxAttempts: number): Promise<Attempt> {
  const now = deps.clock.now();
  const held = deps.attempts.take(key, now.getTime(), maxAttempts);
  if (!held.allowed) return held;
  const day = dayOf(deps.clock);
  if (deps.attempts.purgedDay !== day) {
    deps.attempts.purgedDay = day;
    // Yesterday's counts have done their work: they go, so the table never grows into a history.
    await deps.db.deleteFrom('login_throttle').where('window_start', '<', day).execute();
  }
  const row = await deps.db
    .insertInto('login_throttle')
    .values({ key, failures: 1, window_start: day, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_throttle.window_start = ${day} then login_throttle.failures + 1 else 1 end`,
        window_start: day,
      }),
    )
    .returning(['failures'])
    .executeTakeFirstOrThrow();
  if (Number(row.failures) <= maxAttempts * THROTTLE.windowsPerDay) return { allowed: true };
  return { allowed: false, retryAt: nextDay(day) };
}

/** Forgets the key's count, in memory and in the database (after a successful login). */
export async function clearFailures(deps: Omit<ThrottleDeps, 'clock'>, key: ThrottleKey): Promise<void> {
  deps.attempts.clear(key);
  await deps.db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
