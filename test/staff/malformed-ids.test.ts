/**
 * Ids from the address bar are parsed at the web edge (branded ids): a
 * malformed id never reaches core, and the person sees exactly what an
 * unknown well-formed id shows them (the same status, the same page), so a
 * probe learns nothing from the difference. A real id still opens its page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, submitReport, surfaces, textOf, type Submitted, type Surfaces } from './support.js';

let s: Surfaces;
let report: Submitted;
let client: StaffClient;

const UNKNOWN = 'f'.repeat(32);
const malformed = (real: string) => ['nope', real.toUpperCase(), `${real}0`, real.slice(1), `${real.slice(0, 31)}g`, 'x'.repeat(100), encodeURIComponent(`${real.slice(1)} `)];

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  report = await submitReport(s, { description: 'Someone took my phone' });
  client = new StaffClient(s.staff, s.clock);
  await loginAs(s, client, s.coordinator);
});
afterAll(async () => {
  await s?.close();
});

/** The page text with the id in the address taken out (the not-found page names what was asked for, in full or its first 8 characters). */
function shown(body: string, id: string): string {
  const asked = decodeURIComponent(id).slice(0, 64);
  return textOf(body).split(asked).join('<id>').split(asked.slice(0, 8)).join('<id>');
}

describe('a malformed id in a staff address', () => {
  for (const [pattern, opens] of [
    ['/reports/:id', true],
    ['/reports/:id/disclosure', true],
    ['/reports/:id/referrals', true],
    ['/safety/warnings/:id', false],
  ] as const) {
    it(`answers ${pattern} as an unknown id does`, async () => {
      const unknown = await client.get(pattern.replace(':id', UNKNOWN));
      expect(unknown.statusCode).toBe(404);
      for (const id of malformed(report.reportId)) {
        const res = await client.get(pattern.replace(':id', id));
        expect(res.statusCode, id).toBe(unknown.statusCode);
        expect(shown(res.body, id), id).toBe(shown(unknown.body, UNKNOWN));
      }
      if (opens) expect((await client.get(pattern.replace(':id', report.reportId))).statusCode).not.toBe(404);
    });
  }
});

/** Posts the same form with an unknown id and with each malformed one; every answer is the unknown one's (status, address, and the page it leads to). */
async function samePostAnswers(pageUrl: string, post: (id: string) => { url: string; fields?: Record<string, string> }, real: string): Promise<void> {
  const answer = async (id: string) => {
    const { url, fields } = post(id);
    const res = await client.post(pageUrl, url, fields ?? {});
    return { status: res.statusCode, location: String(res.headers.location ?? ''), page: shown((await client.follow(res)).body, id) };
  };
  const unknown = await answer(UNKNOWN);
  expect(unknown.status).toBe(303);
  for (const id of malformed(real)) {
    const got = await answer(id);
    expect({ ...got, page: got.page.split(decodeURIComponent(id)).join('<id>') }, id).toEqual({ ...unknown, location: unknown.location.split(UNKNOWN).join(id), page: unknown.page });
  }
}

describe('a malformed id in a staff form or query', () => {
  it('filters the inbox by assignee as an unknown one does (no report)', async () => {
    const unknown = await client.get(`/inbox?assignee=${UNKNOWN}`);
    expect(unknown.statusCode).toBe(200);
    expect(textOf(unknown.body)).not.toContain(report.reportId.slice(0, 8));
    for (const id of malformed(s.coordinator.userId)) {
      const res = await client.get(`/inbox?assignee=${encodeURIComponent(id)}`);
      expect(res.statusCode, id).toBe(200);
      expect(shown(res.body, id), id).toBe(shown(unknown.body, UNKNOWN));
    }
  });

  it('refuses a colleague to assign or to give access to as an unknown one', async () => {
    for (const field of ['assign', 'grant'] as const) {
      const name = field === 'assign' ? 'assignee' : 'colleague';
      await samePostAnswers(`/reports/${report.reportId}`, (id) => ({ url: `/reports/${report.reportId}/${field}`, fields: { [name]: id } }), s.coordinator.userId);
    }
  });

  it('answers a change to a member of staff, a community member or a warning as an unknown one does', async () => {
    await samePostAnswers('/admin/members', (id) => ({ url: `/admin/members/${id}/deactivate` }), s.coordinator.userId);
    await samePostAnswers('/safety/members', (id) => ({ url: `/safety/members/${id}/approve` }), UNKNOWN);
    for (const step of ['submit', 'approve', 'renew']) await samePostAnswers('/safety', (id) => ({ url: `/safety/warnings/${id}/${step}` }), UNKNOWN);
    await samePostAnswers('/safety', (id) => ({ url: `/safety/warnings/${id}/withdraw`, fields: { reason: 'resolved' } }), UNKNOWN);
  });
});

describe('a malformed id in a member address', () => {
  it('shows the page an unknown warning shows', async () => {
    const unknown = await s.reporter.inject({ url: `/members/warnings/${UNKNOWN}?lang=en` });
    expect(unknown.statusCode).toBe(404);
    for (const id of malformed(UNKNOWN)) {
      const res = await s.reporter.inject({ url: `/members/warnings/${id}?lang=en` });
      expect(res.statusCode, id).toBe(404);
      expect(textOf(res.body), id).toBe(textOf(unknown.body));
    }
  });
});
