/**
 * Background jobs, shared by every instance that runs jobs: each job has one
 * row in `job_leases` saying when it is next due and which instance holds it
 * until when. An instance runs a job only after taking that row with a
 * conditional update (the row's lock makes it a compare-and-set on
 * PostgreSQL; SQLite has one writer), so a job runs on one instance at a
 * time, and the next run is due for everyone at once. The holder renews its
 * lease while the job runs; when it is killed, the lease runs out and another
 * instance takes the job over. A failure is logged with the job's name and
 * the kind of failure (never a message, which could carry content) and
 * retried with a backoff bounded by the job's interval.
 */
import { randomId } from '../crypto/index.js';
import { noticeJobs } from './notifications/jobs.js';
import { retentionJobs } from './retention/jobs.js';
import { formTokenJobs } from './sessions/jobs.js';
import type { Db } from './shared/deps.js';
import type { BackgroundJob, JobDeps } from './shared/job.js';
import { statisticsJobs } from './statistics/jobs.js';
import { safetyJobs } from './safety/jobs.js';

export type { BackgroundJob, JobDeps };

export const BACKGROUND_JOBS: readonly BackgroundJob[] = [...safetyJobs, ...retentionJobs, ...statisticsJobs, ...noticeJobs, ...formTokenJobs];

/** How a job failed, for the log: a stable code or the error's class, never its message. */
export function failureKind(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code)) return code;
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z]{1,64}$/.test(name) ? name : 'unknown';
}

export interface JobRunnerOptions {
  /** How long a lease lasts without renewal (an instance killed mid-run holds the job this long). */
  readonly leaseMs?: number;
  /** How often each instance looks whether a job is due. */
  readonly pollMs?: number;
  /** First retry after a failure; doubles per failure, never beyond the job's interval. */
  readonly backoffMs?: number;
  readonly onError?: (name: string, kind: string) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Takes the job's lease if the job is due and nobody holds it; true when this owner now holds it. */
export async function claimJob(db: Db, name: string, owner: string, now: number, leaseMs: number, firstDueMs: number): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name, lease_owner: null, lease_until: null, next_run_at: iso(now + firstDueMs), failures: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('job_leases')
    .set({ lease_owner: owner, lease_until: iso(now + leaseMs) })
    .where('name', '=', name)
    .where('next_run_at', '<=', iso(now))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', iso(now))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Starts every job; returns a function that stops them and waits for running ones. */
export function startBackgroundJobs(ctx: JobDeps, jobs: readonly BackgroundJob[] = BACKGROUND_JOBS, options: JobRunnerOptions = {}): () => Promise<void> {
  const db = ctx.core.db;
  const owner = randomId();
  const leaseMs = options.leaseMs ?? ctx.config.jobLeaseMs;
  const backoffMs = options.backoffMs ?? 5_000;
  const running = new Set<Promise<void>>();
  const busy = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  for (const job of jobs) {
    const intervalMs = typeof job.intervalMs === 'function' ? job.intervalMs(ctx) : job.intervalMs;
    const pollMs = options.pollMs ?? Math.min(intervalMs, ctx.config.jobPollMs);
    const attempt = async () => {
      const now = Date.now();
      if (!(await claimJob(db, job.name, owner, now, leaseMs, Math.min(job.firstRunMs ?? intervalMs, intervalMs)))) return;
      const mine = () => db.updateTable('job_leases').where('name', '=', job.name).where('lease_owner', '=', owner);
      const renew = setInterval(
        () =>
          void mine()
            .set({ lease_until: iso(Date.now() + leaseMs) })
            .execute()
            .catch(() => {}),
        Math.max(1, Math.floor(leaseMs / 3)),
      );
      renew.unref();
      try {
        await job.run(ctx);
        clearInterval(renew);
        await mine()
          .set({ lease_owner: null, lease_until: null, failures: 0, next_run_at: iso(Date.now() + intervalMs) })
          .execute();
      } catch (err) {
        clearInterval(renew);
        const row = await db.selectFrom('job_leases').select('failures').where('name', '=', job.name).executeTakeFirst();
        const failures = Number(row?.failures ?? 0) + 1;
        options.onError?.(job.name, failureKind(err));
        await mine()
          .set({ lease_owner: null, lease_until: null, failures, next_run_at: iso(Date.now() + Math.min(intervalMs, backoffMs * 2 ** Math.min(failures - 1, 20))) })
          .execute();
      }
    };
    const tick = () => {
      if (stopped || busy.has(job.name)) return;
      busy.add(job.name);
      const p = attempt()
        .catch((err) => options.onError?.(job.name, failureKind(err)))
        .finally(() => {
          busy.delete(job.name);
          running.delete(p);
        });
      running.add(p);
    };
    const interval = setInterval(tick, pollMs);
    interval.unref();
    timers.push(interval);
    const first = setTimeout(tick, Math.min(pollMs, 1_000));
    first.unref();
    timers.push(first);
  }
  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    await Promise.allSettled([...running]);
  };
}
