/** What the staff case pages show beside a case or the inbox, gathered in one call each. */
import type { StaffUser } from '../accounts/accounts.service.js';
import { activeStaffNames } from '../accounts/users.repository.js';
import { latestReleaseBy } from '../consent/identity.repository.js';
import { listCoveredAreas, organisationAreas, type Area } from '../organisations/organisations.repository.js';
import type { CoreDeps, Db } from '../shared/deps.js';
import { colleagues, inbox, merge, readCase, unreadableCount, type CaseAccess, type Colleague, type CaseView, type Inbox, type InboxFilter } from './cases.service.js';
import { reportIdsByPrefix, reportMarks, type ReportMarks } from './cases.repository.js';
import type { ReportId, UserId } from '../shared/ids.js';

export interface InboxPage {
  readonly inbox: Inbox;
  readonly areas: Area[];
  readonly staff: { id: UserId; displayName: string }[];
  readonly unreadable: number;
}

/** The inbox with what its filters offer (the organisation's areas, its active members) and how many reports the caseworker cannot open. */
export async function inboxPage(db: Db, user: StaffUser, filter: InboxFilter): Promise<InboxPage> {
  const [result, areas, staff, unreadable] = await Promise.all([
    inbox(db, user, filter),
    organisationAreas(db, user.organisationId),
    activeStaffNames(db, user.organisationId),
    unreadableCount(db, user),
  ]);
  return { inbox: result, areas, staff: staff.map((s) => ({ id: s.id, displayName: s.display_name })), unreadable };
}

export interface CasePage {
  readonly view: CaseView;
  readonly areas: Area[];
  readonly colleagues: Colleague[];
  /** The caseworker's latest request for the contact details, if any. */
  readonly release: { status: string; day: string } | null;
  /** Whether the reporter spoke last, and whether the report is in a live match notice. */
  readonly marks: Pick<ReportMarks, 'waiting' | 'matched'>;
}

/** The decrypted case (a logged read) with the areas, the colleagues who could be given access, and the caseworker's own identity request. */
export async function casePage(deps: CoreDeps, user: StaffUser, access: Extract<CaseAccess, { kind: 'ok' }>, opts: { markRead: boolean }): Promise<CasePage> {
  const [view, areas, people, mine, marks] = await Promise.all([
    readCase(deps, user, access, opts),
    listCoveredAreas(deps.db),
    colleagues(deps.db, user, access.report.id),
    latestReleaseBy(deps.db, access.report.id, user.id),
    reportMarks(deps.db, user.organisationId, user.id, [access.report.id]),
  ]);
  const mark = marks.get(access.report.id);
  return {
    view,
    areas,
    colleagues: people,
    release: mine ? { status: mine.status, day: mine.decided_day ?? mine.requested_day } : null,
    marks: { waiting: mark?.waiting ?? false, matched: mark?.matched ?? false },
  };
}

/** Merges the report into the one of the organisation's reports whose id begins with the typed prefix; false unless exactly one does. */
export async function mergeByPrefix(deps: CoreDeps, user: StaffUser, duplicateId: ReportId, prefix: string): Promise<boolean> {
  const matches = await reportIdsByPrefix(deps.db, user.organisationId, prefix, 2);
  if (matches.length !== 1) return false;
  return merge(deps, user, duplicateId, matches[0]!);
}
