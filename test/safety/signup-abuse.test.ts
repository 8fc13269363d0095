/**
 * Issue 13, item 5: member sign-up must not tell who exists, and must not
 * let anyone fill an organisation's approval queue. A taken username gets
 * the same answer as a free one, after the same password work; an
 * organisation takes at most PENDING_SIGNUPS_MAX sign-ups waiting for
 * approval, and its admin can allow invite codes only; the form then says so
 * next to the organisation, keeping what was typed. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PENDING_SIGNUPS_MAX, signUp } from '../../src/core/safety/members.service.js';
import { DIALECTS } from '../helpers/dialects.js';
import type { StaffClient } from '../helpers/staff.js';
import { inviteCode, memberClient, safetySurfaces, staffLogin, textOf, type Safety } from './support.js';

const NOT_TAKING = 'This organisation is not taking sign-ups right now.';

/** The page as a person reads it, without the per-request CSRF token. */
const visible = (html: string) => textOf(html.replace(/name="_csrf" value="[^"]*"/g, ''));

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`member sign-up on ${name}`, () => {
    let s: Safety;
    let admin: StaffClient;

    beforeAll(async () => {
      s = await safetySurfaces(name);
      admin = await staffLogin(s, s.soho);
      const code = await inviteCode(admin, 1);
      const made = await signUp(s.t.ctx.core, {
        username: 'known.member',
        password: 'known member walks far',
        passwordAgain: 'known member walks far',
        code,
        organisationId: null,
        areas: ['gb-london'],
        lang: 'en',
      });
      expect(made.ok && made.member).toBeTruthy();
    });
    afterAll(async () => {
      await s?.close();
    });

    const open = (username: string) => ({
      lang: 'en',
      username,
      password: 'a long enough passphrase',
      password_again: 'a long enough passphrase',
      code: '',
      organisation: s.soho.organisationId,
      areas: ['gb-london'],
    });
    const memberRows = (username: string) => s.t.ctx.core.db.selectFrom('members').select(['id', 'status']).where('username', '=', username).execute();

    it('without a code: a taken username gets exactly the answer a free one gets, after the same password work, and creates nothing', async () => {
      const derive = vi.spyOn(s.t.ctx.kdf, 'derive');
      const taken = await memberClient(s).post('/members/signup?lang=en', '/members/signup?lang=en', open('known.member'));
      const takenWork = derive.mock.calls.length;
      const fresh = await memberClient(s).post('/members/signup?lang=en', '/members/signup?lang=en', open('fresh.member'));
      const freshWork = derive.mock.calls.length - takenWork;
      derive.mockRestore();
      expect(taken.statusCode).toBe(fresh.statusCode);
      expect(visible(taken.body)).toBe(visible(fresh.body));
      expect(visible(taken.body)).not.toContain('taken');
      expect(takenWork).toBe(1);
      expect(freshWork).toBe(1);
      expect(await memberRows('known.member')).toEqual([expect.objectContaining({ status: 'active' })]);
      expect(await memberRows('fresh.member')).toEqual([expect.objectContaining({ status: 'pending' })]);
    });

    it('with an invite code: the same answer for a taken and a free name, and a taken name uses none of the code', async () => {
      const code = await inviteCode(admin, 2);
      const withCode = (username: string) => ({ ...open(username), organisation: '', code });
      const takenClient = memberClient(s);
      const freshClient = memberClient(s);
      const taken = await takenClient.post('/members/signup?lang=en', '/members/signup?lang=en', withCode('known.member'));
      const fresh = await freshClient.post('/members/signup?lang=en', '/members/signup?lang=en', withCode('fresh.with.code'));
      expect(taken.statusCode).toBe(303);
      expect(fresh.statusCode).toBe(303);
      expect(taken.headers.location).toBe(fresh.headers.location);
      // Where each lands: the same login page with the same notice, and neither is logged in.
      const [takenPage, freshPage] = [await takenClient.follow(taken), await freshClient.follow(fresh)];
      expect(visible(takenPage.body)).toBe(visible(freshPage.body));
      expect(visible(freshPage.body)).toContain('If the username was free, your account is ready');
      expect(visible(freshPage.body)).not.toContain('You are logged in');
      const invite = await s.t.ctx.core.db.selectFrom('member_invites').select('uses_left').where('organisation_id', '=', s.soho.organisationId).orderBy('created_day', 'desc').execute();
      expect(invite.map((r) => Number(r.uses_left))).toContain(1);
      expect(await memberRows('fresh.with.code')).toEqual([expect.objectContaining({ status: 'active' })]);
    });

    it(`an organisation with ${PENDING_SIGNUPS_MAX} sign-ups waiting takes no more, says so next to the field and keeps what was typed`, async () => {
      const waiting = await s.t.ctx.core.db.selectFrom('members').select('id').where('organisation_id', '=', s.soho.organisationId).where('status', '=', 'pending').execute();
      for (let i = waiting.length; i < PENDING_SIGNUPS_MAX; i++) {
        const r = await signUp(s.t.ctx.core, {
          username: `flood.${i}`,
          password: 'flooding the queue now',
          passwordAgain: 'flooding the queue now',
          code: '',
          organisationId: s.soho.organisationId,
          areas: ['gb-london'],
          lang: 'en',
        });
        expect(r.ok).toBe(true);
      }
      const res = await memberClient(s).post('/members/signup?lang=en', '/members/signup?lang=en', open('one.too.many'));
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="organisation-error"');
      expect(textOf(res.body)).toContain(NOT_TAKING);
      expect(res.body).toContain('value="one.too.many"');
      expect(await memberRows('one.too.many')).toEqual([]);
      const pending = await s.t.ctx.core.db.selectFrom('members').select('id').where('organisation_id', '=', s.soho.organisationId).where('status', '=', 'pending').execute();
      expect(pending).toHaveLength(PENDING_SIGNUPS_MAX);
      // An invite code still lets someone in.
      const code = await inviteCode(admin, 1);
      const invited = await memberClient(s).post('/members/signup?lang=en', '/members/signup?lang=en', { ...open('invited.despite'), organisation: '', code });
      expect(invited.statusCode).toBe(303);
      expect(await memberRows('invited.despite')).toEqual([expect.objectContaining({ status: 'active' })]);
    });

    it('the admin can allow invite codes only; open sign-ups are then refused, in the person’s language', async () => {
      // Make room in the queue first, so that the refusal below comes from the setting.
      await s.t.ctx.core.db
        .deleteFrom('member_areas')
        .where('member_id', 'in', s.t.ctx.core.db.selectFrom('members').select('id').where('username', 'like', 'flood.%'))
        .execute();
      await s.t.ctx.core.db.deleteFrom('members').where('username', 'like', 'flood.%').execute();
      expect((await memberClient(s).post('/members/signup?lang=en', '/members/signup?lang=en', open('before.switch'))).statusCode).toBe(200);
      const page = await admin.get('/safety/settings');
      expect(textOf(page.body)).toContain('Only people with one of our invite codes');
      const saved = await admin.post('/safety/settings', '/safety/settings', { checks: '30', visibility: 'network', months: '6', signups: 'invite' });
      expect(saved.statusCode).toBe(303);
      expect((await admin.get('/safety/settings')).body).toMatch(/<input[^>]*value="invite"[^>]*checked/);
      const res = await memberClient(s).post('/members/signup?lang=fr', '/members/signup?lang=fr', { ...open('after.switch'), lang: 'fr' });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Cette organisation n’accepte pas d’inscriptions en ce moment.');
      expect(await memberRows('after.switch')).toEqual([]);
    });
  });
}
