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
