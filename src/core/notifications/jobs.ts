/**
 * The activity-notice job: one instance at a time sends ripe batches and
 * ripens waiting ones, every notice delay (PARASOL_NOTICE_DELAY_SECONDS).
 */
import type { BackgroundJob } from '../shared/job.js';

export const noticeJobs: readonly BackgroundJob[] = [
  {
    name: 'activity-notices',
    intervalMs: (ctx) => Math.max(1_000, ctx.config.noticeDelayMs),
    async run(ctx) {
      await ctx.notifier.run();
    },
  },
];
