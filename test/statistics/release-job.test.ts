/**
 * The statistics release job: it builds the first release and a new one when
 * the month turns or published operations change, and otherwise leaves the
 * current release alone, so no visitor of /statistics waits for a build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markStatisticsStale } from '../../src/core/statistics/release-state.js';
import { latestRelease } from '../../src/core/statistics/release.service.js';
import { statisticsJobs } from '../../src/core/statistics/jobs.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { SteppingClock } from '../helpers/staff.js';
import { insertReports } from './support.js';

const job = statisticsJobs.find((j) => j.name === 'statistics-release')!;

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`statistics release job (${name})`, () => {
    let t: TestContext;
    const clock = new SteppingClock(Date.parse('2026-10-15T09:00:00Z'));

    beforeAll(async () => {
      t = await testContext(name, { clock });
      const org = t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!.organisationId;
      await insertReports(t.ctx.core.db, org, [{ country: 'RO', area: 'ro-bucharest', month: '2026-09', categories: ['robbery'], day: '2026-09-20' }], 8);
      // A report received this month counts only from next month's release.
      await insertReports(t.ctx.core.db, org, [{ country: 'RO', area: 'ro-bucharest', month: '2026-10', categories: ['robbery'], day: '2026-10-03' }], 4);
    });
    afterAll(async () => {
      await t?.close();
    });

    /** The published count of reports from Romania in the current release. */
    const romania = async () => (await latestRelease(t.ctx.core.db))!.body.cells['total|c.RO|*'];

    it('runs soon after start and every ten minutes', () => {
      expect(job.firstRunMs).toBeLessThanOrEqual(60_000);
      expect(job.intervalMs).toBe(10 * 60_000);
    });

    it('builds the first release, then leaves a current one alone', async () => {
      expect(await latestRelease(t.ctx.core.db)).toBeUndefined();
      await job.run(t.ctx);
      const first = await latestRelease(t.ctx.core.db);
      expect(first?.body.cutoffDay).toBe('2026-10-01');
      expect(first?.body.k).toBe(t.ctx.config.statsK);
      clock.advance(10 * 60_000);
      await job.run(t.ctx);
      expect((await latestRelease(t.ctx.core.db))?.id).toBe(first?.id);
    });

    it('builds a new release when the month turns, counting the reports of the month just ended', async () => {
      const before = await latestRelease(t.ctx.core.db);
      const countedBefore = await romania();
      expect(typeof countedBefore).toBe('number');
      clock.advance(Date.parse('2026-11-01T00:05:00Z') - clock.now().getTime());
      await job.run(t.ctx);
      const after = await latestRelease(t.ctx.core.db);
      expect(after?.id).not.toBe(before?.id);
      expect(after?.body.cutoffDay).toBe('2026-11-01');
      expect(await romania()).toBe(Number(countedBefore) + 4);
    });

    it('builds a new release when published data changed (the release was marked out of date)', async () => {
      const before = await latestRelease(t.ctx.core.db);
      await markStatisticsStale(t.ctx.core.db);
      await job.run(t.ctx);
      const after = await latestRelease(t.ctx.core.db);
      expect(after?.id).not.toBe(before?.id);
      expect(after?.stale).toBe(false);
    });
  });
}
