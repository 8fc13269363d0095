/**
 * The process: two listeners (reporter and staff, guarantee 12), graceful
 * close on SIGINT and SIGTERM: requests already running finish (a report
 * being stored is stored and its receipt shown), new ones get a 503 page,
 * and the whole close takes a few seconds at most.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { startBackgroundJobs } from '../core/jobs.js';
import { buildReporterApp, buildStaffApp, type BuildOptions } from './app.js';
import { drain } from './plugins/drain.js';

/** How long running requests get to finish after SIGTERM, and how long closing may then take before connections are cut. */
const DRAIN_MS = 3_000;
const CLOSE_MS = 1_000;

export interface RunningServers {
  readonly reporter: FastifyInstance;
  readonly staff: FastifyInstance;
  readonly reporterUrl: string;
  readonly staffUrl: string;
  close(): Promise<void>;
}

function urlOf(app: FastifyInstance): string {
  const addr = app.server.address();
  if (addr && typeof addr === 'object') {
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${host}:${addr.port}`;
  }
  return String(addr);
}

/** Starts both listeners on the configured addresses, and the background jobs unless told not to. */
export async function startServers(ctx: Context, opts: BuildOptions & { backgroundJobs?: boolean } = {}): Promise<RunningServers> {
  const reporter = await buildReporterApp(ctx, opts);
  const staff = await buildStaffApp(ctx, opts);
  await reporter.listen({ host: ctx.config.reporter.host, port: ctx.config.reporter.port });
  try {
    await staff.listen({ host: ctx.config.staff.host, port: ctx.config.staff.port });
  } catch (err) {
    await reporter.close();
    throw err;
  }
  ctx.notifier.onError = (code) => reporter.log.error({ code }, 'activity notice not sent');
  const stopJobs =
    opts.backgroundJobs === false || !ctx.config.runJobs
      ? async () => {}
      : startBackgroundJobs(ctx, undefined, { onError: (name, kind) => reporter.log.error({ code: 'PSL_ERR_JOB_FAILED', job: name, failure: kind }, 'background job failed') });
  // Every instance, jobs or not, keeps its vault file in step with the shared vault (a destroyed generation leaves it).
  let syncing: Promise<unknown> = Promise.resolve();
  const mirror = setInterval(() => {
    syncing = ctx.core.vault
      .syncMirror(ctx.core.db)
      .catch((err: { name?: string; code?: string }) => reporter.log.error({ code: 'PSL_ERR_VAULT_MIRROR', failure: err?.code ?? err?.name ?? 'unknown' }, 'vault file not updated'));
  }, ctx.config.jobPollMs);
  mirror.unref();
  return {
    reporter,
    staff,
    reporterUrl: urlOf(reporter),
    staffUrl: urlOf(staff),
    async close() {
      clearInterval(mirror);
      await syncing;
      const jobs = stopJobs();
      await Promise.all([drain(reporter, DRAIN_MS), drain(staff, DRAIN_MS)]);
      // Every request has ended (or the deadline passed): what is left open is idle or stuck.
      const cut = setTimeout(() => {
        reporter.server.closeAllConnections();
        staff.server.closeAllConnections();
      }, CLOSE_MS);
      await Promise.allSettled([reporter.close(), staff.close(), jobs]);
      clearTimeout(cut);
    },
  };
}
