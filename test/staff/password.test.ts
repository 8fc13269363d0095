/**
 * Password change and account recovery as a caseworker goes through them:
 * changing the password needs the old one, and the recovery key keeps
 * working afterwards; recovery with the key from set-up and a code sets a new
 * password, and the same private key still opens the reports sealed before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';

const MARKER = 'PASSWORD-MARKER-ab12';
const P1 = 'first river stone 2291';
const P2 = 'second cedar bridge 7734';
const P3 = 'third amber lantern 5528';
const P4 = 'fourth quiet harbour 1187';

let s: Surfaces;
let account: NewAccount;
let report: Submitted;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  account = await newStaffMember(s, 'caseworker', { username: 'pw-caseworker', password: P1 });
  report = await submitReport(s, { description: `Sealed before any change ${MARKER}` });
});
afterAll(async () => {
  await s?.close();
});

async function canLogIn(password: string): Promise<boolean> {
  s.clock.advance(31_000);
  const client = new StaffClient(s.staff, s.clock);
  const res = await client.login(account.username, password, account.totpSecret);
  return res.statusCode === 303 && res.headers.location === '/inbox';
}

/** Logs in with the password and reads the report sealed at the start; returns what the page shows. */
async function readReport(password: string): Promise<string> {
  const client = new StaffClient(s.staff, s.clock);
  await loginAs(s, client, { username: account.username, password, totpSecret: account.totpSecret });
  const res = await client.get(`/reports/${report.reportId}`);
  expect(res.statusCode).toBe(200);
  return textOf(res.body);
}

async function recover(fields: { recovery_key: string; code?: string; password: string }) {
  s.clock.advance(31_000);
  const client = new StaffClient(s.staff, s.clock);
  const code = fields.code ?? (await client.totp(account.totpSecret));
  const res = await client.post('/recover', '/recover', { username: account.username, recovery_key: fields.recovery_key, code, password: fields.password });
  return { res, client };
}

async function auditCount(action: string): Promise<number> {
  const rows = await s.t.ctx.core.db.selectFrom('audit_log').select('seq').where('action', '=', action).where('subject_id', '=', account.userId).execute();
  return rows.length;
}

describe('changing the password', () => {
  it('refuses without the current password, or with a weak new one, and says why', async () => {
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, account);
    const wrong = await client.post('/account', '/account/password', { current: 'not my password at all', new: P2 });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('Your current password is not right.');
    const missing = await client.post('/account', '/account/password', { current: '', new: P2 });
    expect(missing.statusCode).toBe(400);
    const short = await client.post('/account', '/account/password', { current: P1, new: 'short' });
    expect(short.statusCode).toBe(400);
    const same = await client.post('/account', '/account/password', { current: P1, new: account.username });
    expect(same.statusCode).toBe(400);
    expect(await auditCount('password_changed')).toBe(0);
    expect(await canLogIn(P1)).toBe(true);
    expect(await canLogIn(P2)).toBe(false);
  });

  it('works with the current password: the new one logs in, the old one no longer does, reports still open', async () => {
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, account);
    const res = await client.post('/account', '/account/password', { current: P1, new: P2 });
    expect(res.statusCode).toBe(303);
    expect(textOf((await client.follow(res)).body)).toContain('Your password was changed. Your recovery key still works.');
    expect(await auditCount('password_changed')).toBe(1);
    expect(await canLogIn(P1)).toBe(false);
    expect(await readReport(P2)).toContain(MARKER);
  });

  it('the recovery key from set-up still works after the change', async () => {
    const { res, client } = await recover({ recovery_key: account.recoveryKey, password: P3 });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(textOf((await client.follow(res)).body)).toContain('Your new password is set. You can log in now.');
    expect(await auditCount('key_recovered')).toBe(1);
    expect(await canLogIn(P2)).toBe(false);
    expect(await readReport(P3)).toContain(MARKER);
  });
});

describe('recovery', () => {
  it('refuses a wrong recovery key, a wrong code, or a code used before, and changes nothing', async () => {
    const flipped = account.recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const wrongKey = await recover({ recovery_key: flipped, password: P4 });
    expect(wrongKey.res.statusCode).toBe(400);
    expect(textOf(wrongKey.res.body)).toContain('The username, recovery key or code is not right.');
    const wrongCode = await recover({ recovery_key: account.recoveryKey, code: '000000', password: P4 });
    expect(wrongCode.res.statusCode).toBe(400);
    // A code the caseworker already used to log in (same 30 seconds) is not accepted again.
    s.clock.advance(31_000);
    const client = new StaffClient(s.staff, s.clock);
    const used = await client.totp(account.totpSecret);
    expect((await client.post('/login', '/login', { username: account.username, password: P3, code: used })).statusCode).toBe(303);
    const replay = await client.post('/recover', '/recover', { username: account.username, recovery_key: account.recoveryKey, code: used, password: P4 });
    expect(replay.statusCode).toBe(400);
    expect(await auditCount('key_recovered')).toBe(1);
    expect(await canLogIn(P4)).toBe(false);
    expect(await canLogIn(P3)).toBe(true);
  });

  it('accepts the key as people type it (lower case, spaces, 0/1/8 for O/I/B) and the private key still opens old reports', async () => {
    const typed = account.recoveryKey.toLowerCase().replace(/-/g, ' ').replace(/o/g, '0').replace(/i/g, '1');
    const { res } = await recover({ recovery_key: typed, password: P4 });
    expect(res.statusCode).toBe(303);
    expect(await auditCount('key_recovered')).toBe(2);
    const text = await readReport(P4);
    expect(text).toContain(MARKER);
    expect(text).not.toContain('not shared with you');
  });

  it('a weak new password is refused with the reason, and the account is unchanged', async () => {
    const { res } = await recover({ recovery_key: account.recoveryKey, password: 'password1' });
    expect(res.statusCode).toBe(400);
    expect(await auditCount('key_recovered')).toBe(2);
    expect(await canLogIn(P4)).toBe(true);
  });
});

describe('guessing the current password from an open session', () => {
  it('is stopped after five wrong tries, even with the right password, until the lock has passed', async () => {
    const target = await newStaffMember(s, 'caseworker', { username: 'pw-guessed', password: P1 });
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, target);
    for (let i = 0; i < 5; i++) {
      const wrong = await client.post('/account', '/account/password', { current: `guess number ${i} here`, new: P2 });
      expect(wrong.statusCode).toBe(400);
      expect(textOf(wrong.body)).toContain('Your current password is not right.');
    }
    const right = await client.post('/account', '/account/password', { current: P1, new: P2 });
    expect(right.statusCode).toBe(429);
    expect(textOf(right.body)).toContain('Too many wrong tries. Wait 15 minutes, then try again.');
    // The session itself stays open (idle for less than 30 minutes); the lock passes after 15.
    s.clock.advance(16 * 60_000);
    const later = await client.post('/account', '/account/password', { current: P1, new: P2 });
    expect(later.statusCode).toBe(303);
  });
});
