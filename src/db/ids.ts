/**
 * The kinds of id the schema tells apart. A report id, an organisation id, a
 * staff user id, a warning id, a member id and a service id are all 32
 * lowercase hex characters
 * (`randomId`), and a plain string mixes them up without a word from the
 * compiler; the table types give each id column its brand, so a row read back
 * carries it and an insert or a `where` demands it. Types only: parsing ids
 * from outside and branding ids the application made live in core.
 */

declare const brand: unique symbol;

/** A string that the compiler tells apart from other strings by `B`. */
export type Brand<B extends string> = string & { readonly [brand]: B };

export type ReportId = Brand<'ReportId'>;
export type OrganisationId = Brand<'OrganisationId'>;
export type UserId = Brand<'UserId'>;
export type WarningId = Brand<'WarningId'>;
/** A community member (the members' area), never a staff user. */
export type MemberId = Brand<'MemberId'>;
/** An entry of the services directory. */
export type ServiceId = Brand<'ServiceId'>;
