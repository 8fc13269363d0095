/** Background jobs of community safety (warning delivery). None yet. */
import type { BackgroundJob } from '../jobs.js';

export const safetyJobs: readonly BackgroundJob[] = [];
