/**
 * Acceptance: "10,000 wrong passwords against one account: none succeed, and
 * the real caseworker can still log in with the right password and second
 * factor." Plus the second factor itself: the right password with a wrong
 * code fails, and no code is accepted twice.
 */
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { encodeForm } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { csrfOf, loginAs, newStaffMember, surfaces, textOf, type NewAccount, type Surfaces } from './support.js';

const ATTEMPTS = 10_000;
const INVALID = 'The username, password or code is not right.';
const LOCKED = 'Too many failed attempts';

let s: Surfaces;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
});
afterAll(async () => {
  await s?.close();
});

async function codeFor(secret: string, offsetSeconds = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(s.clock.now().getTime() / 1000) + offsetSeconds } as Parameters<typeof generate>[0]);
}

describe('a flood of wrong passwords against one account', () => {
  let target: NewAccount;
  let ownBrowser: StaffClient;

  beforeAll(async () => {
    target = await newStaffMember(s, 'caseworker', { username: 'flood-target', password: 'copper kettle 19 rain' });
    // The caseworker has logged in from their own browser before, and logged out.
    ownBrowser = new StaffClient(s.staff, s.clock);
    await loginAs(s, ownBrowser, target);
    expect(ownBrowser.cookieHeader).toMatch(/parasol_device=/);
    const out = await ownBrowser.post('/inbox', '/logout', {});
    expect(out.statusCode).toBe(303);
    expect((await ownBrowser.get('/inbox')).statusCode).toBe(303);
  });

  it('none of 10,000 succeeds, the throttle answers after a few, cheaply, and the lock also holds the right password back', async () => {
    s.clock.advance(31_000);
    const attacker = new StaffClient(s.staff, s.clock);
    const form = await attacker.get('/login');
    const cookie = attacker.cookieHeader;
    const token = csrfOf(form);
    expect(cookie).not.toMatch(/parasol_device=/);
    const derive = vi.spyOn(s.t.ctx.kdf, 'derive');
    const auditBefore = await s.t.ctx.core.db.selectFrom('audit_log').select('seq').where('action', '=', 'login_failed').execute();

    // A valid second-factor code, even: only the password is wrong.
    const validCode = await codeFor(target.totpSecret);
    expect(validCode).toMatch(/^\d{6}$/);
    let successes = 0;
    let firstLocked = -1;
    const statuses = new Map<number, number>();
    const attempt = (i: number) =>
      s.staff.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: encodeForm({ _csrf: token, username: target.username, password: `wrong guess ${i} ${target.password.slice(0, 3)}`, code: validCode }),
      });
    // One at a time until the lock is there (a burst is the test below), then in batches: every answer is still counted.
    const SEQUENTIAL = 20;
    const BATCH = 25;
    for (let i = 0; i < ATTEMPTS;) {
      const n = i < SEQUENTIAL ? 1 : Math.min(BATCH, ATTEMPTS - i);
      const answers = await Promise.all(Array.from({ length: n }, (_, k) => attempt(i + k)));
      for (const res of answers) {
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const setCookies = [res.headers['set-cookie']].flat().map(String);
        if (res.statusCode === 303 || res.headers.location === '/inbox' || setCookies.some((c) => c.startsWith('parasol_device='))) successes++;
        if (firstLocked < 0 && res.body.includes(LOCKED)) {
          firstLocked = i;
          expect(res.statusCode).toBe(429);
          expect(textOf(res.body)).toMatch(/Too many failed attempts from this browser\. Try again after \d\d:\d\d/);
          // Everything the person typed except the password is still there.
          expect(res.body).toContain(`value="${target.username}"`);
        }
        i++;
      }
    }
    derive.mockRestore();
    expect(successes).toBe(0);
    expect(firstLocked).toBeGreaterThanOrEqual(1);
    expect(firstLocked).toBeLessThanOrEqual(10);
    expect(statuses.get(429) ?? 0).toBeGreaterThanOrEqual(ATTEMPTS - 10);
    // Refused before any Argon2id work: a flood costs the server a handful of runs.
    expect(derive.mock.calls.length).toBeLessThanOrEqual(10);
    const auditAfter = await s.t.ctx.core.db.selectFrom('audit_log').select('seq').where('action', '=', 'login_failed').execute();
    expect(auditAfter.length - auditBefore.length).toBeLessThanOrEqual(10);

    // Guessing right during the lock does not help the attacker either.
    s.clock.advance(31_000);
    const right = await s.staff.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: encodeForm({ _csrf: token, username: target.username, password: target.password, code: await codeFor(target.totpSecret) }),
    });
    expect(right.statusCode).toBe(429);
    expect(textOf(right.body)).toContain(LOCKED);
  }, 900_000);

  it('the real caseworker, from their own browser, still logs in with password and code and reads the inbox', async () => {
    s.clock.advance(31_000);
    const res = await ownBrowser.login(target.username, target.password, target.totpSecret);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/inbox');
    const inbox = await ownBrowser.get('/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(textOf(inbox.body)).toContain('Signed in as flood-target');
  });
});

describe('a burst of wrong passwords sent all at once', () => {
  const BURST = 100;

  async function burst(username: string): Promise<{ statuses: Map<number, number>; derived: number }> {
    const attacker = new StaffClient(s.staff, s.clock);
    const token = csrfOf(await attacker.get('/login'));
    const cookie = attacker.cookieHeader;
    const derive = vi.spyOn(s.t.ctx.kdf, 'derive');
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        s.staff.inject({
          method: 'POST',
          url: '/login',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: encodeForm({ _csrf: token, username, password: `burst guess ${i}`, code: '123456' }),
        }),
      ),
    );
    const derived = derive.mock.calls.length;
    derive.mockRestore();
    const statuses = new Map<number, number>();
    for (const r of answers) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    return { statuses, derived };
  }

  // Each attempt is taken atomically before the Argon2id run (one upsert that counts it and says whether it is
  // within the limit), so guesses sent together cannot all pass a check made before the first failure is written.
  it('lets only a handful of the guesses reach the password check', async () => {
    s.clock.advance(31_000);
    const target = await newStaffMember(s, 'caseworker', { username: 'burst-target', password: 'granite orchard 5512' });
    const { statuses, derived } = await burst(target.username);
    expect(statuses.get(303) ?? 0).toBe(0);
    expect(derived).toBeLessThanOrEqual(10);
  });

  // Concurrent first attempts on one key meet in a single upsert: no primary-key collision, no lost count.
  it('answers every request of the burst with a page, never a server error', async () => {
    s.clock.advance(31_000);
    const target = await newStaffMember(s, 'caseworker', { username: 'burst-target-2', password: 'granite orchard 5512' });
    const { statuses } = await burst(target.username);
    expect([...statuses.keys()].filter((c) => c >= 500)).toEqual([]);
    expect(statuses.get(303) ?? 0).toBe(0);
  });
});

describe('the second factor', () => {
  // One account per check: five failures from browsers without a device token lock the account for such browsers.
  it('the right password with a wrong code fails, and says only that something was not right', async () => {
    const account = await newStaffMember(s, 'caseworker', { username: 'totp-wrong', password: 'amber window 4411 sky' });
    s.clock.advance(31_000);
    const browser = new StaffClient(s.staff, s.clock);
    const good = await codeFor(account.totpSecret);
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    for (const code of [wrong, '', 'abcdef', `${good}1`]) {
      const res = await browser.post('/login', '/login', { username: account.username, password: account.password, code });
      expect(res.statusCode, code).toBe(401);
      expect(textOf(res.body)).toContain(INVALID);
      expect((await browser.get('/inbox')).statusCode).toBe(303);
    }
  });

  it('a code is accepted once: the same code again (another browser, same 30 seconds) fails; the next code works', async () => {
    const account = await newStaffMember(s, 'caseworker', { username: 'totp-replay', password: 'amber window 4411 sky' });
    s.clock.advance(31_000);
    const first = new StaffClient(s.staff, s.clock);
    const code = await codeFor(account.totpSecret);
    expect(code).toMatch(/^\d{6}$/);
    const ok = await first.post('/login', '/login', { username: account.username, password: account.password, code });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/inbox');

    const second = new StaffClient(s.staff, s.clock);
    const replay = await second.post('/login', '/login', { username: account.username, password: account.password, code });
    expect(replay.statusCode).toBe(401);
    expect(textOf(replay.body)).toContain(INVALID);
    expect((await second.get('/inbox')).statusCode).toBe(303);

    // The code of the step before is not accepted either, once a later one was used.
    s.clock.advance(1_000);
    const earlier = await codeFor(account.totpSecret, -30);
    const old = await second.post('/login', '/login', { username: account.username, password: account.password, code: earlier });
    expect(old.statusCode).toBe(401);

    s.clock.advance(30_000);
    const next = await second.post('/login', '/login', { username: account.username, password: account.password, code: await codeFor(account.totpSecret) });
    expect(next.statusCode).toBe(303);
  });
});
