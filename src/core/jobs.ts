/**
 * Background jobs that run in every instance: each is a function run on an
 * interval; jobs that must not run twice take care of that in the database
 * (claims with a lease), since instances are stateless.
 */
import type { Context } from '../context.js';
import { retentionJobs } from './retention/jobs.js';
import { safetyJobs } from './warnings/jobs.js';

export interface BackgroundJob {
  readonly name: string;
  readonly intervalMs: number;
  run(ctx: Context): Promise<void>;
}

export const BACKGROUND_JOBS: readonly BackgroundJob[] = [...safetyJobs, ...retentionJobs];

/** Starts every job on its interval; returns a function that stops them and waits for running ones. */
export function startBackgroundJobs(ctx: Context, jobs: readonly BackgroundJob[] = BACKGROUND_JOBS, onError: (name: string) => void = () => {}): () => Promise<void> {
  const running = new Set<Promise<void>>();
  const busy = new Set<string>();
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
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
    }, job.intervalMs);
    timer.unref();
    return timer;
  });
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.allSettled([...running]);
  };
}
