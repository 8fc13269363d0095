/** Background jobs of retention. None yet. */
import type { BackgroundJob } from '../jobs.js';

export const retentionJobs: readonly BackgroundJob[] = [];
