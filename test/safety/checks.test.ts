/**
 * The identifier check. Acceptance: an anonymous visitor cannot check an
 * identifier; the 31st check of a member in a day is refused with a clear
 * message. Also: one number written three ways finds the warning, another
 * finds nothing and says that this does not mean safety; a check leaves
 * only the member's daily count and the organisation's daily count, never an
 * audit entry; the limit holds under concurrency on both dialects (group
 * commit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/core/safety/members.service.js';
import { checkIdentifier } from '../../src/core/safety/checks.service.js';
import { DIALECTS, SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import {
  check,
  inviteCode,
  type Caseworker,
  joinWithCode,
  memberClient,
  newCaseworker,
  publishWarning,
  safetySurfaces,
  staffLogin,
  submitReport,
  textOf,
  warningLinks,
  type Safety,
} from './support.js';
import type { OrganisationId } from '../../src/core/shared/ids.js';

const NUMBER_WAYS = ['+44 7911 123456', '07911123456', '07911 123 456'];

/** The organisation's count of checks for a day: all that is kept about checks beyond each member's daily count. */
async function organisationChecks(db: Safety['t']['ctx']['core']['db'], organisationId: OrganisationId, day: string): Promise<number> {
  const row = await db.selectFrom('identifier_check_days').selectAll().where('organisation_id', '=', organisationId).where('day', '=', day).executeTakeFirst();
  if (row) expect(Object.keys(row).sort()).toEqual(['count', 'day', 'organisation_id']);
  return Number(row?.count ?? 0);
}

describe('identifier checks over HTTP', () => {
  let s: Safety;
  let a: StaffClient;
  let warningId: string;
  let member: StaffClient;
  let alice: Caseworker;

  beforeAll(async () => {
    s = await safetySurfaces(SURFACE_DIALECT);
    let bea: Caseworker;
    [alice, bea] = [await newCaseworker(s, s.soho.organisationId, 'alice.cw'), await newCaseworker(s, s.soho.organisationId, 'bea.cw')];
    a = await staffLogin(s, alice);
    const b = await staffLogin(s, bea);
    const r = await submitReport(s, { id_value_1: '07911 123456', description: 'Took my money.' });
    warningId = await publishWarning(s, a, b, r.reportId, { what: 'Refused to pay and took money from the worker.' });
    member = await joinWithCode(s, await inviteCode(a), 'checker.one');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an anonymous visitor cannot check: the page sends them to log in, a post is refused with a clear message and nothing is counted', async () => {
    const anon = memberClient(s);
    const page = await anon.get('/members/check?lang=en');
    expect(page.statusCode).toBe(303);
    expect(String(page.headers.location)).toMatch(/^\/members\/login\?next=%2Fmembers%2Fcheck/);
    const login = await anon.follow(page);
    expect(textOf(login.body)).toContain('Please log in first.');
    const form = await anon.get('/members/login?lang=en');
    const res = await anon.post('/members/login?lang=en', '/members/check?lang=en', { lang: 'en', kind: 'phone', value: NUMBER_WAYS[0]!, country: 'GB' });
    expect(res.statusCode).toBe(401);
    expect(textOf(res.body)).toContain('Only members who are logged in can check a number');
    expect(res.body).not.toContain('7911');
    expect(form.statusCode).toBe(200);
    const audit = await s.t.ctx.core.db.selectFrom('audit_log').select('action').where('action', '=', 'identifier_check').execute();
    expect(audit).toEqual([]);
  });

  it('finds the warning with the number written three ways; another number finds nothing and says that is no sign of safety', async () => {
    for (const way of NUMBER_WAYS) {
      const res = await check(member, way);
      expect(res.statusCode, way).toBe(200);
      expect(textOf(res.body), way).toContain('1 warning matches');
      expect(warningLinks(res.body), way).toEqual([warningId]);
      // The result names the number as it was read, and the box is emptied.
      expect(textOf(res.body)).toContain('+447911123456');
    }
    const other = await check(member, '07911 654321');
    expect(textOf(other.body)).toContain('No active warning matches');
    expect(textOf(other.body)).toContain('This does not mean the person is safe.');
    expect(warningLinks(other.body)).toEqual([]);
  });

  it('an unreadable identifier gets a message next to the field, keeps what was typed, and is not counted', async () => {
    const before = await s.t.ctx.core.db.selectFrom('member_check_counts').select('count').executeTakeFirst();
    const res = await check(member, '12');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="value-error"');
    expect(textOf(res.body)).toContain('This is not a phone number we can read.');
    expect(res.body).toContain('value="12"');
    const after = await s.t.ctx.core.db.selectFrom('member_check_counts').select('count').executeTakeFirst();
    expect(after?.count).toBe(before?.count);
  });

  it('the 31st check of a member in a day is refused with a clear message; the next day counts afresh', async () => {
    const fresh = await joinWithCode(s, await inviteCode(a), 'checker.two');
    for (let i = 1; i <= 30; i++) {
      const res = await check(fresh, i % 2 ? NUMBER_WAYS[i % 3]! : `07700 900${String(100 + i)}`);
      expect(res.statusCode, `check ${i}`).toBe(200);
      if (i === 29) expect(textOf(res.body)).toContain('You have 1 check left today.');
    }
    const refused = await check(fresh, NUMBER_WAYS[0]!);
    expect(refused.statusCode).toBe(429);
    const text = textOf(refused.body);
    expect(text).toContain('You have made 30 checks today, the most allowed in a day. You can check again tomorrow.');
    // Refused means refused: no result, no warning named.
    expect(text).not.toContain('warning matches');
    expect(warningLinks(refused.body)).toEqual([]);
    // What was typed is still there for tomorrow.
    expect(refused.body).toContain('value="+44 7911 123456"');

    // Every check is counted for the organisation and the day, and nowhere else: no audit entry names the member or the outcome.
    expect(await organisationChecks(s.t.ctx.core.db, s.soho.organisationId, '2026-05-04')).toBeGreaterThanOrEqual(31);
    expect(await s.t.ctx.core.db.selectFrom('audit_log').selectAll().where('action', '=', 'identifier_check').execute()).toEqual([]);

    s.clock.advance(24 * 3600_000);
    const tomorrow = await check(fresh, NUMBER_WAYS[1]!);
    expect(tomorrow.statusCode).toBe(200);
    expect(textOf(tomorrow.body)).toContain('1 warning matches');
  });

  it('the check page offers the countries of the areas the member follows first, and follows a change of areas at once', async () => {
    const countries = (html: string) => {
      const select = /<select[^>]*name="country"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
      return { order: [...select.matchAll(/<option value="([A-Z]{2})"/g)].map((m) => m[1]), selected: /<option value="([A-Z]{2})" selected/.exec(select)?.[1] };
    };
    // A new login: earlier tests moved the clock past the caseworker's session.
    const traveller = await joinWithCode(s, await inviteCode(await staffLogin(s, alice)), 'checker.traveller', ['gb-london']);
    const before = countries((await traveller.get('/members/check?lang=en')).body);
    expect(before.order[0]).toBe('GB');
    expect(before.selected).toBe('GB');
    expect(before.order).toContain('FR');
    const saved = await traveller.post('/members/settings?lang=en', '/members/settings/areas?lang=en', { lang: 'en', areas: ['fr-paris'] });
    expect(saved.statusCode).toBe(303);
    // No waiting: the next page already puts France first.
    const after = countries((await traveller.get('/members/check?lang=en')).body);
    expect(after.order[0]).toBe('FR');
    expect(after.selected).toBe('FR');
    expect(after.order).toContain('GB');
    // A number written without a country code is now read as French.
    const res = await check(traveller, '06 12 34 56 78', 'phone', 'FR');
    expect(textOf(res.body)).toContain('+33612345678');
  });

  it('a check page and its result are never cached', async () => {
    const res = await check(member, NUMBER_WAYS[2]!);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`the daily limit under concurrency on ${name}`, () => {
    it('40 checks at once by one member: exactly 30 answered, 10 refused, 40 counted', async () => {
      const s = await safetySurfaces(name);
      try {
        const core = s.t.ctx.core;
        const code = await (async () => {
          const a = await staffLogin(s, s.soho);
          return inviteCode(a);
        })();
        const made = await signUp(core, {
          username: 'busy.member',
          password: 'busy member walks far',
          passwordAgain: 'busy member walks far',
          code,
          organisationId: null,
          areas: ['gb-london'],
          lang: 'en',
        });
        if (!made.ok) throw new Error('sign-up failed');
        const viewer = { memberId: made.member!.id, organisationId: made.member!.organisationId };
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => checkIdentifier(core, viewer, 'phone', `07911 2${String(10000 + i)}`, 'GB')));
        expect(results.filter((r) => r.kind === 'checked')).toHaveLength(30);
        expect(results.filter((r) => r.kind === 'limited')).toHaveLength(10);
        expect(await organisationChecks(core.db, made.member!.organisationId, '2026-05-04')).toBe(40);
        expect(await core.db.selectFrom('audit_log').selectAll().where('action', '=', 'identifier_check').execute()).toEqual([]);
        const count = await core.db.selectFrom('member_check_counts').select('count').where('member_id', '=', made.member!.id).executeTakeFirstOrThrow();
        expect(Number(count.count)).toBe(40);
      } finally {
        await s.close();
      }
    });
  });
}

it('the staff client type is reused for members (cookies and CSRF tokens per page)', () => {
  expect(typeof StaffClient).toBe('function');
});
