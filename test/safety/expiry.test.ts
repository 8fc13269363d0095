/**
 * Acceptance: an expired or withdrawn warning is gone from lists, checks and
 * feeds (and its page), at once and with no job having to run; renewing an
 * expired one brings it back. Also: members see only their areas and what
 * the warning's visibility allows; visitors see public warnings only.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import {
  check,
  feedPath,
  inviteCode,
  joinWithCode,
  memberClient,
  memberLogin,
  newCaseworker,
  parseAtom,
  publishWarning,
  safetySurfaces,
  staffLogin,
  submitReport,
  textOf,
  warningLinks,
  warningStep,
} from './support.js';

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`expiry and withdrawal on ${name}`, () => {
    it('expired and withdrawn warnings disappear from the list, the page, checks and the feed; renewal brings one back', async () => {
      const s = await safetySurfaces(name);
      try {
        const alice = await newCaseworker(s, s.soho.organisationId, 'alice.cw');
        let a = await staffLogin(s, alice);
        const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
        const r1 = await submitReport(s, { id_value_1: '07911 111222' });
        const r2 = await submitReport(s, { id_kind_1: 'handle', id_value_1: '@late.night.caller' });
        const expiring = await publishWarning(s, a, b, r1.reportId, { what: 'Expiring warning.' });
        const withdrawn = await publishWarning(s, a, b, r2.reportId, { what: 'Withdrawn warning.' });
        let member = await joinWithCode(s, await inviteCode(a), 'reader', ['gb-london']);
        const feed = await feedPath(member);

        const seen = async () => {
          // Months pass in this test: the member logs in again when their session has timed out, as a person would.
          if ((await member.get('/members/check?lang=en')).statusCode !== 200) member = await memberLogin(s, 'reader');
          const list = await member.get('/members/warnings?lang=en');
          const atom = parseAtom((await s.reporter.inject({ method: 'GET', url: feed })).body);
          return {
            list: warningLinks(list.body).sort(),
            feed: atom.entries.map((e) => e.id.replace('urn:parasol:warning:', '')).sort(),
            phone: warningLinks((await check(member, '+447911111222')).body),
            handle: warningLinks((await check(member, 'late.night.caller', 'handle')).body),
            pages: [(await member.get(`/members/warnings/${expiring}`)).statusCode, (await member.get(`/members/warnings/${withdrawn}`)).statusCode],
          };
        };
        expect(await seen()).toEqual({ list: [expiring, withdrawn].sort(), feed: [expiring, withdrawn].sort(), phone: [expiring], handle: [withdrawn], pages: [200, 200] });

        await warningStep(b, withdrawn, 'withdraw', { reason: 'resolved' });
        expect(await seen()).toEqual({ list: [expiring], feed: [expiring], phone: [expiring], handle: [], pages: [200, 404] });

        // The last day it is shown is its expiry day; the next day it is gone everywhere.
        const row = await s.t.ctx.core.db.selectFrom('warnings').select('expires_on').where('id', '=', expiring).executeTakeFirstOrThrow();
        s.clock.advance(Date.parse(`${row.expires_on}T12:00:00Z`) - s.clock.now().getTime());
        expect((await seen()).list).toEqual([expiring]);
        s.clock.advance(24 * 3600_000);
        const gone = await seen();
        expect(gone).toEqual({ list: [], feed: [], phone: [], handle: [], pages: [404, 404] });
        const page = await member.get(`/members/warnings/${expiring}?lang=en`);
        expect(textOf(page.body)).toContain('This warning is not available');

        // Staff still see it, marked expired, and can renew it (after logging in again: months have passed).
        a = await staffLogin(s, alice);
        const staffPage = await a.get(`/safety/warnings/${expiring}`);
        expect(textOf(staffPage.body)).toContain('Expired');
        await a.follow(await a.post(`/safety/warnings/${expiring}`, `/safety/warnings/${expiring}/renew`, {}));
        expect((await seen()).phone).toEqual([expiring]);
      } finally {
        await s.close();
      }
    });

    it('members see their areas and what visibility allows; visitors see public warnings only, and cannot check', async () => {
      const s = await safetySurfaces(name);
      try {
        const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
        const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
        const london = await publishWarning(s, a, b, (await submitReport(s)).reportId, { visibility: 'organisation' });
        const manchester = await publishWarning(s, a, b, (await submitReport(s, { area: 'gb-manchester' })).reportId, { visibility: 'public' });
        const umbrela = s.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
        const other = await staffLogin(s, umbrela);
        // A member of another organisation who follows London does not see an organisation-only warning.
        const outsider = await joinWithCode(s, await inviteCode(other), 'outsider', ['gb-london', 'gb-manchester']);
        const insider = await joinWithCode(s, await inviteCode(a), 'insider', ['gb-london']);
        expect(warningLinks((await insider.get('/members/warnings?lang=en')).body)).toEqual([london]);
        expect(warningLinks((await outsider.get('/members/warnings?lang=en')).body)).toEqual([manchester]);
        // Filtering by another place shows that place.
        expect(warningLinks((await insider.get('/members/warnings?lang=en&area=gb-manchester')).body)).toEqual([manchester]);
        const visitor = memberClient(s);
        expect(warningLinks((await visitor.get('/members/warnings?lang=en')).body)).toEqual([manchester]);
        expect((await visitor.get(`/members/warnings/${london}`)).statusCode).toBe(404);
        expect((await visitor.get(`/members/warnings/${manchester}`)).statusCode).toBe(200);
        // Filtering by a category that the warning does not have.
        expect(warningLinks((await visitor.get('/members/warnings?lang=en&category=trafficking')).body)).toEqual([]);
      } finally {
        await s.close();
      }
    });
  });
}
