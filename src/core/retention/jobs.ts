/** The retention job: hourly, it deletes what is due and settles the vault (deletion itself is idempotent). */
import type { BackgroundJob } from '../shared/job.js';
import { runRetention } from './retention.service.js';

export const retentionJobs: readonly BackgroundJob[] = [
  {
    name: 'retention',
    intervalMs: 60 * 60 * 1000,
    async run(ctx) {
      await runRetention(ctx.core, { graceMs: ctx.config.shredGraceMs });
    },
  },
];
