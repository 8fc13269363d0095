/**
 * The one Database interface (Kysely, types first). Ids are random text made
 * by the application, and the id columns of reports, organisations, staff
 * users, warnings, members and services carry their brand (`ids.ts`); days
 * are 'YYYY-MM-DD' text (guarantee 3: no finer timestamps of reporters);
 * booleans are 0/1 integers; binary is bytea.
 * Columns holding sealed content are typed as Buffer and written only through
 * the crypto layer's envelope functions.
 *
 * There is deliberately no column for nationality, residence status, passport
 * or identity-document numbers (guarantee 1); a test scans the schema for them.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OrganisationId, ReportId, UserId } from './ids.js';
import type { AttachmentTables } from './tables/attachments.js';
import type { SafetyTables } from './tables/safety.js';
import type { ConsentRetentionTables } from './tables/consent-retention.js';
import type { MonitoringTables } from './tables/monitoring.js';
import type { ServicesRightsTables } from './tables/services-rights.js';

export interface OrganisationsTable {
  id: OrganisationId;
  slug: string;
  name: string;
  /** 1 for the network's default organisation, which receives reports from uncovered places. */
  is_default: number;
  created_day: string;
  /** Days a closed report is kept; null means the default (180). */
  retention_days: number | null;
  /** 1 for an organisation made by `parasol demo`: its accounts' passwords were printed, and a production server refuses to serve it. */
  demo: Generated<number>;
}

export interface AreasTable {
  /** A stable code such as "ro-bucharest". */
  id: string;
  /** ISO 3166-1 alpha-2 (XK for Kosovo). */
  country_code: string;
  name: string;
}

export interface OrganisationAreasTable {
  organisation_id: OrganisationId;
  area_id: string;
}

export interface UsersTable {
  id: UserId;
  organisation_id: OrganisationId;
  /** admin | caseworker | monitor | custodian */
  role: string;
  display_name: string;
  /** X25519 public key; content keys are sealed to it. */
  public_key: Buffer;
  /** 1 while the account may receive newly sealed content keys. */
  active: number;
  created_day: string;
  /** Login name; null for key-only accounts (demo keys made before the workspace). */
  username: string | null;
  /** For activity notices only (never content); optional. */
  email: string | null;
  /** Argon2id salt for this account's password. */
  password_salt: Buffer | null;
  /** SHA-256 of the first half of Argon2id(password): checks the password without revealing the key-wrapping half. */
  password_verifier: string | null;
  kdf_opslimit: number | null;
  kdf_memlimit: number | null;
  /** The X25519 secret key, wrapped under the second half of Argon2id(password). */
  wrapped_key_password: Buffer | null;
  /** The same secret key, wrapped under the recovery key shown once at set-up. */
  wrapped_key_recovery: Buffer | null;
  /** The TOTP secret, encrypted under a server key from the secrets file. */
  totp_secret: Buffer | null;
  /** The last TOTP time step accepted (no code is accepted twice). */
  totp_last_step: number | null;
  /** Raised by logout, password change and recovery: a session cookie from an earlier epoch opens nothing. */
  session_epoch: Generated<number>;
  /** 1 when the caseworker wants e-mail notices of new activity. */
  notify: number | null;
}

export interface ReportsTable {
  id: ReportId;
  organisation_id: OrganisationId;
  /** HMAC-SHA-256(pepper, first half of Argon2id(receipt)): the only receipt-derived value stored. */
  receipt_lookup: string;
  /** Routing fields, in clear: used for the inbox, matching of coverage and anonymous statistics. */
  country_code: string;
  area_id: string | null;
  /** 'YYYY-MM' or null when the reporter gave no date. */
  incident_month: string | null;
  /** Space-separated category codes from the taxonomy. */
  categories: string;
  /** Space-separated perpetrator type codes. */
  perpetrator_types: string;
  wants_support: number;
  warn_others: number;
  statistics_consent: number;
  /** none | anonymous | identified */
  police_consent: string;
  has_contact: number;
  /** new | in_progress | waiting | closed */
  status: string;
  /** Day of submission (guarantee 3). */
  created_day: string;
  last_activity_day: string;
  /** The report's content: envelope under the content key. */
  body: Buffer;
  /** The reporter's public key, derived from the receipt. */
  reporter_public_key: Buffer;
  assignee_user_id: UserId | null;
  /** Space-separated tags chosen by caseworkers. */
  tags: string | null;
  /** When merged as a duplicate: the report it was merged into. */
  merged_into: ReportId | null;
  is_spam: number | null;
  /** The day the report was last closed; retention counts from it. */
  closed_day: string | null;
  /**
   * The day the reporter asked, after sending, that no one be warned from the
   * report (day precision); null when they never did. Warnings it counts in
   * change only through an amendment a second caseworker approves.
   */
  warn_withdrawn_day: string | null;
  /** Position in the order of reporters' acts (one counter, moved only by reporters; never stored beside a time). */
  activity_seq: Generated<number>;
  /** The day a caseworker last opened the report (a staff act, day only); the reporter sees it as "read". */
  read_day: string | null;
}

export interface ReportKeySealsTable {
  report_id: ReportId;
  /** 'user' (a caseworker) or 'reporter'. */
  recipient_type: string;
  /** The user id, or the report id for the reporter. */
  recipient_id: string;
  sealed_key: Buffer;
}

/** Contact details a reporter chose to give: apart from the report and under their own key (guarantee 6). */
export interface ReportContactsTable {
  report_id: ReportId;
  body: Buffer;
}

export interface ContactKeySealsTable {
  report_id: ReportId;
  recipient_type: string;
  recipient_id: string;
  sealed_key: Buffer;
}

export interface MessagesTable {
  id: string;
  report_id: ReportId;
  /** Order within the report's thread. */
  seq: number;
  /** reporter | staff */
  author: string;
  /** message | addition (information the reporter adds to the report) */
  kind: string;
  author_user_id: UserId | null;
  created_day: string;
  body: Buffer;
}

/** Keyed hashes of perpetrator identifiers, for blind matching (guarantee 8). */
export interface ReportIdentifiersTable {
  id: string;
  report_id: ReportId;
  /** phone | email | plate | handle */
  kind: string;
  hash: string;
}

/** An identifier of a report made while the identifier service was down: its keyed hash sealed to the service's key. */
export interface ReportIdentifiersPendingTable {
  id: string;
  report_id: ReportId;
  kind: string;
  sealed: Buffer;
}

/** One-time, expiring links for staff to set up their account. Only a keyed hash of the token is stored. */
export interface InvitationsTable {
  id: string;
  organisation_id: OrganisationId;
  role: string;
  token_hash: string;
  /** ISO-8601 instant (staff records may be precise; reporters' never are). */
  expires_at: string;
  used_at: string | null;
}

/** Case notes: staff only, encrypted under the report's content key. */
export interface CaseNotesTable {
  id: string;
  report_id: ReportId;
  author_user_id: UserId;
  created_at: string;
  body: Buffer;
}

/** The hash-chained audit log (guarantee 7). Details never hold content or identifiers in clear. */
export interface AuditLogTable {
  seq: number;
  at: string;
  organisation_id: OrganisationId | null;
  actor_user_id: UserId | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** Canonical JSON of non-sensitive details. */
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The audit chain's head: the last sequence number and hash. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Failed-login counters per account and per trusted device. */
/** One row per throttled name and day: a keyed hash, never the name, and no time finer than the day. */
export interface LoginThrottleTable {
  /** Keyed hash (HMAC-SHA-256 under the pepper) of the throttled name. */
  key: string;
  /** Attempts that reached the password check that day. */
  failures: number;
  /** The day ('YYYY-MM-DD'). */
  window_start: string;
  /** No longer written (the lock lives in memory); always null. */
  locked_until: string | null;
}

/** Per caseworker, the last thread position they have seen of a report (no time). */
export interface CaseReadsTable {
  report_id: ReportId;
  user_id: UserId;
  seen_seq: number;
}

/** The counter of reporters' acts: one row, a number, no time. */
export interface ActivityCounterTable {
  name: string;
  value: number;
}

/** Every table: the foundation and workspace here, each later capability's in its own file. */
/** One row that readiness checks update; a counter, never a time. */
export interface HeartbeatTable {
  id: string;
  beats: number;
}

export interface Database extends ServicesRightsTables, SafetyTables, MonitoringTables, ConsentRetentionTables, AttachmentTables {
  organisations: OrganisationsTable;
  areas: AreasTable;
  organisation_areas: OrganisationAreasTable;
  users: UsersTable;
  reports: ReportsTable;
  report_key_seals: ReportKeySealsTable;
  report_contacts: ReportContactsTable;
  contact_key_seals: ContactKeySealsTable;
  messages: MessagesTable;
  report_identifiers: ReportIdentifiersTable;
  report_identifiers_pending: ReportIdentifiersPendingTable;
  invitations: InvitationsTable;
  case_notes: CaseNotesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  login_throttle: LoginThrottleTable;
  /** Readiness checks write here (one row, a counter). */
  heartbeat: HeartbeatTable;
  /** One-time form tokens already used (a sent report or message), kept two days at most. */
  form_tokens: FormTokensTable;
  case_reads: CaseReadsTable;
  activity_counter: ActivityCounterTable;
}

export interface FormTokensTable {
  /** Derived from the form's one-time nonce (which the server never keeps). */
  id: string;
  /** The day the form was sent: the finest time kept. */
  used_day: string;
  // No receipt page here (0026): pages of reports just sent live only in memory.
}

export type Organisation = Selectable<OrganisationsTable>;
export type Area = Selectable<AreasTable>;
export type UserRow = Selectable<UsersTable>;
export type ReportRow = Selectable<ReportsTable>;
export type NewReportRow = Insertable<ReportsTable>;
export type ReportUpdate = Updateable<ReportsTable>;
export type MessageRow = Selectable<MessagesTable>;
