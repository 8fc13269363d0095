/**
 * Members: pseudonymous accounts made with an invite code (active at once)
 * or approved by a caseworker of the chosen organisation; errors next to the
 * fields with everything typed kept; CSRF on every form; failed logins
 * throttled; a member's own cookie, apart from the reporter's; a disabled
 * member's sessions end; settings keep the e-mail address encrypted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import type { StaffClient } from '../helpers/staff.js';
import { inviteCode, joinWithCode, memberClient, newCaseworker, safetySurfaces, staffLogin, textOf, type Safety } from './support.js';

let s: Safety;
let a: StaffClient;

beforeAll(async () => {
  s = await safetySurfaces(SURFACE_DIALECT);
  a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
});
afterAll(async () => {
  await s?.close();
});

const signup = (fields: Record<string, string | string[]>) => ({ lang: 'en', username: '', password: '', password_again: '', code: '', organisation: '', ...fields });

describe('joining', () => {
  it('with an invite code: active at once, logs in, on their own cookie limited to /members', async () => {
    const code = await inviteCode(a, 1);
    const member = memberClient(s);
    const joined = await member.post(
      '/members/signup?lang=en',
      '/members/signup?lang=en',
      signup({ username: 'Night.Owl', password: 'owls see in the dark', password_again: 'owls see in the dark', code: code.toLowerCase().replace(/-/g, ' '), areas: ['gb-london', 'gb-manchester'] }),
    );
    expect(joined.statusCode).toBe(303);
    expect(textOf((await member.follow(joined)).body)).toContain('If the username was free, your account is ready: log in below.');
    const res = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'night.owl', password: 'owls see in the dark' });
    expect(res.statusCode).toBe(303);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('parasol_member='));
    expect(cookie).toMatch(/Path=\/members/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const settings = await member.follow(res);
    expect(textOf(settings.body)).toMatch(/You are logged in as\s*night\.owl\s*\./);
    // The code had one use: it is used up.
    const again = await memberClient(s).post(
      '/members/signup?lang=en',
      '/members/signup?lang=en',
      signup({ username: 'second.owl', password: 'owls see in the dark', password_again: 'owls see in the dark', code, areas: ['gb-london'] }),
    );
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('This invite code does not work.');
  });

  it('errors sit next to their fields and everything typed is kept (except passwords)', async () => {
    const member = memberClient(s);
    const res = await member.post('/members/signup?lang=en', '/members/signup?lang=en', signup({ username: 'no', password: 'short', password_again: 'short', code: 'WRONG-CODE-1234', areas: [] }));
    expect(res.statusCode).toBe(400);
    for (const [field, message] of [
      ['username', 'Use 3 to 40 letters, numbers, dots, dashes or underscores.'],
      ['password', 'The password needs at least 10 characters.'],
      ['code', 'This invite code does not work.'],
      ['areas', 'Choose at least one area.'],
    ]) {
      expect(res.body, field).toContain(`id="${field}-error"`);
      expect(textOf(res.body)).toContain(message);
    }
    expect(res.body).toContain('value="no"');
    expect(res.body).toContain('value="WRONG-CODE-1234"');
    expect(res.body).not.toContain('value="short"');
  });

  it('without a code: waits for a caseworker of the chosen organisation, who approves it (logged)', async () => {
    const member = memberClient(s);
    const res = await member.post(
      '/members/signup?lang=en',
      '/members/signup?lang=en',
      signup({ username: 'waiting.one', password: 'patience is a virtue', password_again: 'patience is a virtue', organisation: s.soho.organisationId, areas: ['gb-london'] }),
    );
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Your account is waiting for approval');
    const early = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'waiting.one', password: 'patience is a virtue' });
    expect(early.statusCode).toBe(403);
    expect(textOf(early.body)).toContain('Your account is waiting for a caseworker to approve it.');
    const list = await a.get('/safety/members');
    expect(textOf(list.body)).toContain('waiting.one');
    const id = (await s.t.ctx.core.db.selectFrom('members').select('id').where('username', '=', 'waiting.one').executeTakeFirstOrThrow()).id;
    expect((await a.post('/safety/members', `/safety/members/${id}/approve`, {})).statusCode).toBe(303);
    const ok = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'waiting.one', password: 'patience is a virtue' });
    expect(ok.statusCode).toBe(303);
    const actions = (await s.t.ctx.core.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
    expect(actions).toContain('community_member_approved');
    expect(actions).toContain('member_invite_created');
  });
});

describe('sessions and forms', () => {
  it('every member form refuses a post without the CSRF token, keeping what was typed', async () => {
    const member = await joinWithCode(s, await inviteCode(a), 'csrf.member');
    for (const [page, url, fields] of [
      ['/members/check?lang=en', '/members/check?lang=en', { lang: 'en', kind: 'phone', value: '07911 123456', country: 'GB' }],
      ['/members/settings?lang=en', '/members/settings/email?lang=en', { lang: 'en', email: 'x@example.net', notify_email: 'yes' }],
      ['/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'csrf.member', password: 'whatever it is' }],
    ] as const) {
      const res = await member.post(page, url, fields, { csrf: false });
      expect(res.statusCode, url).toBe(403);
      expect(textOf(res.body), url).toMatch(/form|expired|page/i);
    }
    // The e-mail address was not saved.
    const row = await s.t.ctx.core.db.selectFrom('members').select('email').where('username', '=', 'csrf.member').executeTakeFirstOrThrow();
    expect(row.email).toBeNull();
  });

  it('an e-mail address for warnings is stored encrypted', async () => {
    const member = await joinWithCode(s, await inviteCode(a), 'mail.member');
    const res = await member.post('/members/settings?lang=en', '/members/settings/email?lang=en', { lang: 'en', email: 'mail.member.MARK@example.net', notify_email: 'yes' });
    expect(res.statusCode).toBe(303);
    const row = await s.t.ctx.core.db.selectFrom('members').select('email').where('username', '=', 'mail.member').executeTakeFirstOrThrow();
    expect(Buffer.from(row.email!).toString('latin1')).not.toContain('MARK');
    expect((await member.get('/members/settings?lang=en')).body).toContain('value="mail.member.MARK@example.net"');
    // Ticking e-mail warnings without an address: an error next to the field.
    const bad = await member.post('/members/settings?lang=en', '/members/settings/email?lang=en', { lang: 'en', email: '', notify_email: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="email-error"');
  });

  it('wrong passwords lock the account for a while, before any more Argon2id work', async () => {
    await joinWithCode(s, await inviteCode(a), 'locked.member');
    const member = memberClient(s);
    for (let i = 0; i < 5; i++) {
      const res = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'locked.member', password: `wrong guess ${i}` });
      expect(res.statusCode).toBe(401);
      expect(textOf(res.body)).toContain('The username or password is not right.');
    }
    const locked = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'locked.member', password: 'locked.member walks by the canal' });
    expect(locked.statusCode).toBe(403);
    expect(textOf(locked.body)).toContain('Too many wrong tries.');
    s.clock.advance(16 * 60_000);
    const ok = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username: 'locked.member', password: 'locked.member walks by the canal' });
    expect(ok.statusCode).toBe(303);
  });

  it('guessing the current password from an open session is stopped after five wrong tries', async () => {
    const member = await joinWithCode(s, await inviteCode(a), 'guessed.member');
    const change = (current: string) => member.post('/members/settings?lang=en', '/members/settings/password?lang=en', { lang: 'en', current, new: 'a brand new passphrase 42' });
    for (let i = 0; i < 5; i++) {
      const res = await change(`wrong guess ${i}`);
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('The current password is not right.');
    }
    const locked = await change('guessed.member walks by the canal');
    expect(locked.statusCode).toBe(400);
    expect(textOf(locked.body)).toContain('Too many wrong tries.');
    s.clock.advance(16 * 60_000);
    expect((await change('guessed.member walks by the canal')).statusCode).toBe(303);
  });

  it('logging out says so, and a copy of the cookie taken before opens nothing afterwards', async () => {
    const member = await joinWithCode(s, await inviteCode(a), 'leaving.member');
    expect((await member.get('/members/check?lang=en')).statusCode).toBe(200);
    const copied = member.cookieHeader;
    const out = await member.post('/members/check?lang=en', '/members/logout?lang=en', { lang: 'en' });
    expect(out.statusCode).toBe(303);
    expect(textOf((await member.follow(out)).body)).toContain('You are logged out.');
    const replay = await s.reporter.inject({ method: 'GET', url: '/members/check?lang=en', headers: { cookie: copied } });
    expect(replay.statusCode).toBe(303);
    expect(replay.body).not.toContain('leaving.member');
  });

  it('a caseworker disabling a member ends their session at once', async () => {
    const member = await joinWithCode(s, await inviteCode(a), 'to.disable');
    expect((await member.get('/members/check?lang=en')).statusCode).toBe(200);
    const id = (await s.t.ctx.core.db.selectFrom('members').select('id').where('username', '=', 'to.disable').executeTakeFirstOrThrow()).id;
    expect((await a.post('/safety/members', `/safety/members/${id}/disable`, {})).statusCode).toBe(303);
    expect((await member.get('/members/check?lang=en')).statusCode).toBe(303);
  });

  it('pages are in the member’s language, Arabic right to left', async () => {
    const page = await memberClient(s).get('/members/login?lang=ar');
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(textOf(page.body)).toContain('دخول الأعضاء');
  });
});
