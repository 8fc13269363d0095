/**
 * Branded ids: a warning id handed where a report id is wanted does not
 * compile, nor an organisation id where a report id is wanted, nor a raw
 * string (a route parameter, a form field) where any id is wanted, in a core
 * function, a repository or a query on the tables. The `@ts-expect-error`
 * lines below are checked by `npm run typecheck` (tsconfig.test.json takes in
 * the tests beside the code), which fails if any of them stops being an
 * error. Ids from outside are refused unless they have the format `randomId`
 * makes.
 */
import type { Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import type { caseAccess } from '../cases/cases.service.js';
import type { readWarning } from '../safety/reading.service.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { findStaffUser } from '../accounts/accounts.service.js';
import { staffNames } from '../accounts/users.repository.js';
import { reportMarks } from '../cases/cases.repository.js';
import { findReport, listMessages } from '../reports/reports.repository.js';
import { findMember } from '../safety/members.service.js';
import { findService } from '../services/services.repository.js';
import type { Db } from './deps.js';
import {
  asMemberId,
  asOrganisationId,
  asReportId,
  asServiceId,
  asUserId,
  asWarningId,
  isIdFormat,
  parseMemberId,
  parseOrganisationId,
  parseReportId,
  parseServiceId,
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

  it('refuse a wrong kind of id, or a raw string, in repository and service calls', () => {
    const report = asReportId(ID);
    const organisation = asOrganisationId(ID);
    const user = asUserId(ID);
    const member = asMemberId(ID);
    // Never run (there is no database here): the compiler checks each call.
    const calls = (db: Db) => [
      findReport(db, report),
      // @ts-expect-error an organisation id is not a report id
      findReport(db, organisation),
      // @ts-expect-error a raw string (a route parameter, a form field) is not a report id
      findReport(db, ID),
      // @ts-expect-error a parsed id may be null (malformed): the caller answers that case first
      listMessages(db, parseReportId(ID)),
      staffNames(db, organisation),
      // @ts-expect-error a report id is not an organisation id
      staffNames(db, report),
      findStaffUser(db, user),
      // @ts-expect-error a community member is not a member of staff
      findStaffUser(db, member),
      // @ts-expect-error a member of staff is not a community member
      findMember(db, user),
      // @ts-expect-error a report id is not a service id
      findService(db, report),
      // @ts-expect-error user and organisation swapped
      reportMarks(db, user, organisation, [report]),
      // @ts-expect-error a list of raw strings is not a list of report ids
      reportMarks(db, organisation, user, [ID]),
    ];
    expect(calls).toBeTypeOf('function');
  });

  it('carry the brand on rows read back and demand it in queries and inserts', () => {
    const report = asReportId(ID);
    const warning = asWarningId(ID);
    const row = {} as Selectable<Database['reports']>;
    const fromRow: ReportId = row.id;
    const owner: OrganisationId = row.organisation_id;
    // @ts-expect-error a report row's id is a report id, not an organisation id
    const misread: OrganisationId = row.id;
    // Never run: the compiler checks each query against the table types.
    const queries = (db: Db) => [
      db.selectFrom('reports').select('id').where('id', '=', report),
      // @ts-expect-error a warning id compared with a report id column
      db.selectFrom('reports').select('id').where('id', '=', warning),
      // @ts-expect-error a raw string compared with an organisation id column
      db.selectFrom('reports').select('id').where('organisation_id', '=', ID),
      // @ts-expect-error a raw string inserted as a warning's report link
      db.insertInto('warning_reports').values({ warning_id: warning, report_id: ID }),
    ];
    expect([fromRow, owner, misread]).toHaveLength(3);
    expect(queries).toBeTypeOf('function');
  });

  it('parse an id from outside only when it has the format randomId makes', () => {
    for (const parse of [parseReportId, parseOrganisationId, parseUserId, parseWarningId, parseMemberId, parseServiceId]) {
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
    expect(asServiceId(ID)).toBe(ID);
    expect(isIdFormat(ID)).toBe(true);
    expect(isIdFormat(`${ID}\n`)).toBe(false);
  });
});
