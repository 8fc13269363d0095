/**
 * What a background job is and what it may use: the narrow part of the
 * composition root that jobs need, owned by core so that core never imports
 * the composition root, and imported by each job without importing the list
 * of jobs (no circle).
 */
import type { ActivityNotifier } from '../notifications/notifier.js';
import type { Clock, CoreDeps } from './deps.js';

/** The configuration a delivery of warnings reads: the SMTP server and the sender. */
export interface DeliveryConfig {
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
}

/** Where deliveries get their transports: the domain's dependencies and the mail settings. */
export interface DeliveryContext {
  readonly core: CoreDeps;
  readonly config: DeliveryConfig;
}

/** Everything a background job may use (the composition root's context satisfies it). */
export interface JobDeps extends DeliveryContext {
  readonly clock: Clock;
  readonly config: DeliveryConfig & { readonly statsK: number; readonly shredGraceMs: number; readonly jobLeaseMs: number; readonly jobPollMs: number; readonly noticeDelayMs: number };
  readonly notifier: Pick<ActivityNotifier, 'activity' | 'run'>;
}

export interface BackgroundJob {
  readonly name: string;
  readonly intervalMs: number | ((ctx: JobDeps) => number);
  /** When the first run comes, if sooner than one interval after the job's row is made. */
  readonly firstRunMs?: number;
  run(ctx: JobDeps): Promise<void>;
}
