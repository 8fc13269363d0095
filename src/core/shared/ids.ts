/**
 * Branded ids: a report id, an organisation id, a staff user id, a warning
 * id, a member id and a service id are all 32 lowercase hex characters
 * (`randomId`), and a plain string
 * mixes them up without a word from the compiler. A brand makes passing one
 * kind where another is wanted a type error. Ids that come from outside
 * (route parameters, form fields) are parsed at the web edge: a malformed id
 * is refused there and answers as an unknown one did (not found). Ids read
 * back from the database carry their brand (the table types give it); ids
 * made by `randomId` are branded with `as*Id`. The brands themselves are
 * types of the schema, so that the table types can use them.
 */

import type { MemberId, OrganisationId, ReportId, ServiceId, UserId, WarningId } from '../../db/ids.js';

export type { Brand, MemberId, OrganisationId, ReportId, ServiceId, UserId, WarningId } from '../../db/ids.js';

/** The format `randomId` makes: 128 random bits as lowercase hex. */
const ID_FORMAT = /^[0-9a-f]{32}$/;

/** True when `raw` has the id format (it says nothing of whether such a record exists). */
export function isIdFormat(raw: unknown): raw is string {
  return typeof raw === 'string' && ID_FORMAT.test(raw);
}

function parser<I extends string>(): (raw: unknown) => I | null {
  return (raw) => (isIdFormat(raw) ? (raw as I) : null);
}

/** A report id from outside (route parameter, form field), or null when malformed. */
export const parseReportId: (raw: unknown) => ReportId | null = parser<ReportId>();
/** An organisation id from outside, or null when malformed. */
export const parseOrganisationId: (raw: unknown) => OrganisationId | null = parser<OrganisationId>();
/** A staff user id from outside, or null when malformed. */
export const parseUserId: (raw: unknown) => UserId | null = parser<UserId>();
/** A warning id from outside, or null when malformed. */
export const parseWarningId: (raw: unknown) => WarningId | null = parser<WarningId>();
/** A member id from outside, or null when malformed. */
export const parseMemberId: (raw: unknown) => MemberId | null = parser<MemberId>();
/** A service id from outside, or null when malformed. */
export const parseServiceId: (raw: unknown) => ServiceId | null = parser<ServiceId>();

/** Brands an id the application trusts (read from the database or made by `randomId`); never for input. */
export const asReportId = (id: string): ReportId => id as ReportId;
export const asOrganisationId = (id: string): OrganisationId => id as OrganisationId;
export const asUserId = (id: string): UserId => id as UserId;
export const asWarningId = (id: string): WarningId => id as WarningId;
export const asMemberId = (id: string): MemberId => id as MemberId;
export const asServiceId = (id: string): ServiceId => id as ServiceId;
