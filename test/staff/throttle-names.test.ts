/**
 * Login throttling keyed by a keyed hash, with day-only rows that expire
 * (issue 12 item 5), on SQLite and PostgreSQL: the lock still holds after
 * five tries and lifts after fifteen minutes, the day's count in the
 * database still holds when memory is lost (a restart, another instance),
 * and yesterday's rows are gone on the next attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptMemory, THROTTLE } from '../../src/core/accounts/throttle.js';
import { memberLogin } from '../../src/core/safety/members.service.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { SteppingClock } from '../helpers/staff.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`login throttle rows (${dialect.name})`, () => {
    let t: TestContext;
    const clock = new SteppingClock(Date.parse('2026-05-04T09:00:00.000Z'));
    beforeAll(async () => {
      t = await testContext(dialect.name, { clock, demo: false });
    });
    afterAll(async () => {
      await t?.close();
    });
    const attempt = (username: string, attempts = t.ctx.core.attempts) => memberLogin({ ...t.ctx.core, attempts }, { username, password: 'wrong wrong wrong' });

    it('five tries, then a lock that lifts after fifteen minutes', async () => {
      for (let i = 0; i < THROTTLE.maxFailures; i++) expect(await attempt('Someone.Typed')).toEqual({ ok: false, reason: 'invalid' });
      const locked = await attempt('someone.typed');
      expect(locked).toEqual({ ok: false, reason: 'locked' });
      clock.advance(THROTTLE.lockMs - 60_000);
      expect(await attempt('someone.typed')).toEqual({ ok: false, reason: 'locked' });
      clock.advance(61_000);
      expect(await attempt('someone.typed')).toEqual({ ok: false, reason: 'invalid' });
    });

    it("the day's count in the database holds when the instance's memory is lost", async () => {
      const name = 'restarted.instance';
      const cap = THROTTLE.maxFailures * THROTTLE.windowsPerDay;
      for (let i = 0; i < cap; i++) {
        // A fresh memory for every try: a restart, or another instance, each time.
        expect(await attempt(name, new AttemptMemory()), `try ${i + 1}`).toEqual({ ok: false, reason: 'invalid' });
      }
      expect(await attempt(name, new AttemptMemory())).toEqual({ ok: false, reason: 'locked' });
      const rows = await t.ctx.core.db.selectFrom('login_throttle').selectAll().execute();
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key) && r.window_start === '2026-05-04')).toBe(true);
      expect(rows.map((r) => Number(r.failures))).toContain(cap + 1);
    });

    it("yesterday's rows are deleted on the next day's first attempt", async () => {
      expect((await t.ctx.core.db.selectFrom('login_throttle').select('key').execute()).length).toBeGreaterThanOrEqual(2);
      clock.advance(86_400_000);
      expect(await attempt('next.day')).toEqual({ ok: false, reason: 'invalid' });
      const rows = await t.ctx.core.db.selectFrom('login_throttle').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.window_start).toBe('2026-05-05');
      // A new day's memory no longer locks the name of yesterday's lock either.
      expect(await attempt('restarted.instance', new AttemptMemory())).toEqual({ ok: false, reason: 'invalid' });
    });
  });
}
