/**
 * The statistics release job: a new release is built when the month turns,
 * when published operations or surveys have changed, or when k has changed,
 * so that no visitor waits for a build (with a million reports a build takes
 * seconds). Run shortly after start, then every ten minutes; a release that
 * is current is left alone, so most runs cost one small query.
 */
import type { BackgroundJob } from '../shared/job.js';
import { refreshRelease } from './release.service.js';

export const statisticsJobs: readonly BackgroundJob[] = [
  {
    name: 'statistics-release',
    intervalMs: 10 * 60 * 1000,
    firstRunMs: 30 * 1000,
    async run(ctx) {
      await refreshRelease(ctx.core.db, ctx.clock, ctx.config.statsK);
    },
  },
];
