/**
 * Background jobs of community safety, run in every instance: delivery of
 * new warnings (a durable queue with leases, so instances never send the
 * same message twice), the matching sweep for reports that were never
 * compared, and housekeeping of daily check counts.
 */
import type { BackgroundJob } from '../shared/job.js';
import { matchSweep } from '../matching/matching.service.js';
import { resolvePendingIdentifiers } from '../matching/pending-identifiers.service.js';
import { pruneCheckCounts } from './checks.service.js';
import { deliveryOptions, runDeliveries } from './delivery.js';

export const safetyJobs: readonly BackgroundJob[] = [
  {
    name: 'warning-delivery',
    intervalMs: 5_000,
    async run(ctx) {
      const opts = await deliveryOptions(ctx);
      // Keep going while whole batches come back, so a large queue drains without waiting for the next tick.
      for (let i = 0; i < 40; i++) {
        const r = await runDeliveries(ctx.core, opts);
        if (r.sent + r.retried + r.failed + r.cancelled === 0) break;
      }
    },
  },
  {
    name: 'match-sweep',
    intervalMs: 60_000,
    async run(ctx) {
      const { organisations } = await matchSweep(ctx.core);
      for (const o of organisations) await ctx.notifier.activity(o);
    },
  },
  {
    // Identifiers of reports made while the identifier service was down; fails (and is retried) until it is back.
    name: 'identifier-pending',
    intervalMs: 30_000,
    firstRunMs: 5_000,
    async run(ctx) {
      for (let i = 0; i < 20; i++) {
        const { resolved, organisations } = await resolvePendingIdentifiers(ctx.core);
        for (const o of organisations) ctx.notifier.activity(o);
        if (resolved === 0) break;
      }
    },
  },
  {
    name: 'safety-housekeeping',
    intervalMs: 3_600_000,
    async run(ctx) {
      await pruneCheckCounts(ctx.core);
    },
  },
];
