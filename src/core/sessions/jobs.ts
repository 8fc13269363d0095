/** Hourly, forgets what one-time form tokens must not keep: receipt pages of earlier days, marks older than yesterday. */
import type { BackgroundJob } from '../shared/job.js';
import { dayOf } from '../shared/deps.js';
import { forgetExpiredFormTokens } from './form-token.js';

export const formTokenJobs: readonly BackgroundJob[] = [
  {
    name: 'form-tokens',
    intervalMs: 60 * 60 * 1000,
    async run(ctx) {
      await forgetExpiredFormTokens(ctx.core.db, dayOf(ctx.core.clock));
    },
  },
];
