/**
 * Background jobs that run in every instance: each is a function run on an
 * interval; jobs that must not run twice take care of that in the database
 * (claims with a lease), since instances are stateless.
 */
import { retentionJobs } from './retention/jobs.js';
import type { BackgroundJob, JobDeps } from './shared/job.js';
import { statisticsJobs } from './statistics/jobs.js';
import { safetyJobs } from './warnings/jobs.js';

export type { BackgroundJob, JobDeps };

export const BACKGROUND_JOBS: readonly BackgroundJob[] = [...safetyJobs, ...retentionJobs, ...statisticsJobs];

/** Starts every job on its interval; returns a function that stops them and waits for running ones. */
export function startBackgroundJobs(ctx: JobDeps, jobs: readonly BackgroundJob[] = BACKGROUND_JOBS, onError: (name: string) => void = () => {}): () => Promise<void> {
  const running = new Set<Promise<void>>();
  const busy = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    const tick = () => {
      if (busy.has(job.name)) return;
      busy.add(job.name);
      const p = job
        .run(ctx)
        .catch(() => onError(job.name))
        .finally(() => {
          busy.delete(job.name);
          running.delete(p);
        });
      running.add(p);
    };
    const interval = setInterval(tick, job.intervalMs);
    interval.unref();
    timers.push(interval);
    if (job.firstRunMs !== undefined && job.firstRunMs < job.intervalMs) {
      const first = setTimeout(tick, job.firstRunMs);
      first.unref();
      timers.push(first);
    }
  }
  return async () => {
    for (const t of timers) clearTimeout(t);
    await Promise.allSettled([...running]);
  };
}
