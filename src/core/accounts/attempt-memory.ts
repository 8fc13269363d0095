/**
 * The login throttle's limits and its precise in-memory windows, apart from the
 * throttle's database side so that the domain's dependencies can name them without a circle.
 */

export const THROTTLE = {
  /** Attempts allowed in a window before the key is locked. */
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  /** A trusted device gets more room before its own lock. */
  maxDeviceFailures: 10,
  /** Attempts that reach the password check in one day, over all instances: this many windows' worth. */
  windowsPerDay: 6,
} as const;

export type Attempt = { readonly allowed: true } | { readonly allowed: false; readonly retryAt: Date };

interface Window {
  windowStart: number;
  failures: number;
  lockedUntil: number | null;
}

/** Entries kept before expired ones are swept out (and the most this instance holds). */
const SWEEP_AT = 10_000;
const MAX_ENTRIES = 100_000;

/**
 * The precise windows and locks, in memory only (they die with the process:
 * the database's daily count still holds). One per context.
 */
export class AttemptMemory {
  private readonly windows = new Map<string, Window>();
  /** The day whose older database rows were last deleted by this instance. */
  purgedDay = '';

  /** Counts one attempt and answers at once (synchronously: atomic within the instance). */
  take(key: string, now: number, maxAttempts: number): Attempt {
    let w = this.windows.get(key);
    const fresh = !w || (w.windowStart <= now - THROTTLE.windowMs && (w.lockedUntil === null || w.lockedUntil <= now));
    if (!w || fresh) {
      if (!w && this.windows.size >= SWEEP_AT) this.sweep(now);
      w = { windowStart: now, failures: 1, lockedUntil: maxAttempts <= 1 ? now + THROTTLE.lockMs : null };
      this.windows.set(key, w);
    } else {
      w.failures++;
      if (w.lockedUntil === null && w.failures >= maxAttempts) w.lockedUntil = now + THROTTLE.lockMs;
    }
    if (w.failures <= maxAttempts) return { allowed: true };
    return { allowed: false, retryAt: new Date(w.lockedUntil ?? now + THROTTLE.lockMs) };
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) {
      if (w.windowStart <= now - THROTTLE.windowMs && (w.lockedUntil === null || w.lockedUntil <= now)) this.windows.delete(k);
    }
    // A spray of distinct names: forget the oldest (the daily count in the database still bounds each name).
    for (const k of this.windows.keys()) {
      if (this.windows.size < MAX_ENTRIES) break;
      this.windows.delete(k);
    }
  }
}
