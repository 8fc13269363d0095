/**
 * Issue 13, item 4: one second-factor code, several logins at once. Each
 * request reads the last used step before any of them records it, so only a
 * conditional update inside the login transaction stops all of them from
 * succeeding. Run on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { encodeForm } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { csrfOf, newStaffMember, surfaces, STEP_MS, textOf, type NewAccount, type Surfaces } from './support.js';

const PARALLEL = 5;

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`one TOTP code used in parallel on ${name}`, () => {
    let s: Surfaces;
    let account: NewAccount;

    beforeAll(async () => {
      s = await surfaces(name);
      account = await newStaffMember(s, 'caseworker', { username: 'race-caseworker', password: 'walnut harbour 5521 glass' });
    });
    afterAll(async () => {
      await s?.close();
    });

    /** Opens the form in `PARALLEL` separate browsers, then sends them all at once. */
    async function burst(url: string, fields: (code: string) => Record<string, string>) {
      s.clock.advance(STEP_MS);
      const browsers = Array.from({ length: PARALLEL }, () => new StaffClient(s.staff, s.clock));
      const forms = await Promise.all(browsers.map(async (b) => ({ b, csrf: csrfOf(await b.get(url)) })));
      const code = await browsers[0]!.totp(account.totpSecret);
      return Promise.all(
        forms.map(({ b, csrf }) =>
          s.staff.inject({ method: 'POST', url, headers: { cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm({ _csrf: csrf, ...fields(code) }) }),
        ),
      );
    }

    it('five parallel logins with one code: exactly one succeeds', async () => {
      const answers = await burst('/login', (code) => ({ username: account.username, password: account.password, code }));
      const succeeded = answers.filter((r) => r.statusCode === 303 && r.headers.location === '/inbox');
      expect(succeeded).toHaveLength(1);
      for (const r of answers.filter((a) => a !== succeeded[0])) {
        expect(r.statusCode).toBe(401);
        expect(textOf(r.body)).toContain('The username, password or code is not right.');
      }
    });

    it('five parallel recoveries with one code: exactly one sets its password', async () => {
      const answers = await burst('/recover', (code) => ({ username: account.username, recovery_key: account.recoveryKey, code, password: `parallel recovery ${code} maple` }));
      const succeeded = answers.filter((r) => r.statusCode === 303 && r.headers.location === '/login');
      expect(succeeded).toHaveLength(1);
      const recovered = await s.t.ctx.core.db.selectFrom('audit_log').select('seq').where('action', '=', 'key_recovered').where('subject_id', '=', account.userId).execute();
      expect(recovered).toHaveLength(1);
    });
  });
}
