/**
 * Branded ids: a warning id handed where a report id is wanted does not
 * compile (the `@ts-expect-error` lines below are checked by `npm run
 * typecheck`, which fails if any of them stops being an error), and ids from
 * outside are refused unless they have the format `randomId` makes.
 */
import { describe, expect, it } from 'vitest';
import type { caseAccess } from '../cases/cases.service.js';
import type { readWarning } from '../safety/reading.service.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import {
  asOrganisationId,
  asReportId,
  asUserId,
  asWarningId,
  isIdFormat,
  parseOrganisationId,
  parseReportId,
  parseUserId,
  parseWarningId,
  type OrganisationId,
  type ReportId,
  type UserId,
  type WarningId,
} from './ids.js';

const ID = '0123456789abcdef0123456789abcdef';

describe('branded ids', () => {
  it('refuse a wrong kind of id at compile time', () => {
    const report: ReportId = asReportId(ID);
    const warning: WarningId = asWarningId(ID);
    const user: UserId = asUserId(ID);
    const organisation: OrganisationId = asOrganisationId(ID);
    type CaseReportId = Parameters<typeof caseAccess>[3];
    type ReadWarningId = Parameters<typeof readWarning>[2];

    const ok: CaseReportId = report;
    const okWarning: ReadWarningId = warning;
    // @ts-expect-error a warning id is not a report id
    const wrongKind: CaseReportId = warning;
    // @ts-expect-error a report id is not a warning id
    const wrongWarning: ReadWarningId = report;
    // @ts-expect-error a plain string from a request is not a report id until it is parsed
    const unparsed: CaseReportId = ID;
    // @ts-expect-error an organisation id is not a user id
    const staff: StaffUser = { id: organisation, organisationId: organisation, role: 'admin', displayName: '', username: '' };
    // @ts-expect-error a user id is not an organisation id
    const swapped: StaffUser = { id: user, organisationId: user, role: 'admin', displayName: '', username: '' };
    // A branded id is still a string wherever any string will do.
    const text: string = report;

    expect([ok, okWarning, wrongKind, wrongWarning, unparsed, staff.id, swapped.id, text]).toHaveLength(8);
  });

  it('parse an id from outside only when it has the format randomId makes', () => {
    for (const parse of [parseReportId, parseOrganisationId, parseUserId, parseWarningId]) {
      expect(parse(ID)).toBe(ID);
      for (const bad of [
        '',
        'r1',
        ID.toUpperCase(),
        `${ID}0`,
        ID.slice(1),
        `${ID.slice(1)}g`,
        `../${ID.slice(3)}`,
        `${ID.slice(1)}\n`,
        ` ${ID.slice(1)}`,
        'ro-bucharest',
        undefined,
        null,
        42,
        [ID],
        { id: ID },
      ])
        expect(parse(bad)).toBeNull();
    }
    expect(isIdFormat(ID)).toBe(true);
    expect(isIdFormat(`${ID}\n`)).toBe(false);
  });
});
