/**
 * Table types of community safety: members, warnings, identifier checks,
 * match notices and delivery. The Database interface extends this.
 * Identifiers appear only as keyed hashes; texts that could name a person are
 * encrypted (bytea, written only through the crypto layer).
 */
import type { MemberId, OrganisationId, ReportId, UserId, WarningId } from '../ids.js';

import type { Generated } from 'kysely';

/** A pseudonymous community member: a username and a password, nothing else required. */
export interface MembersTable {
  id: MemberId;
  /** The organisation whose invite code or caseworker let them in. */
  organisation_id: OrganisationId;
  /** NFC-normalised, lower case. */
  username: string;
  password_salt: Buffer;
  /** SHA-256 of the first half of Argon2id(password). */
  password_verifier: string;
  kdf_opslimit: number;
  kdf_memlimit: number;
  /** active | pending | refused | disabled */
  status: string;
  /** The reporter-surface language for e-mails and push messages. */
  lang: string;
  /** Optional e-mail address for warnings, encrypted under a server subkey. */
  email: Buffer | null;
  notify_email: number;
  /** Keyed hash of the private feed token; null when the feed is off. */
  feed_token_hash: string | null;
  /** Bumped to end every session of the member (password change, disabling). */
  session_epoch: number;
  created_day: string;
  decided_by: UserId | null;
  decided_day: string | null;
}

export interface MemberAreasTable {
  member_id: MemberId;
  area_id: string;
}

/** An organisation's invite code for members; only its keyed hash is stored. */
export interface MemberInvitesTable {
  id: string;
  organisation_id: OrganisationId;
  code_hash: string;
  uses_left: number;
  expires_at: string;
  created_by: UserId;
  created_day: string;
  revoked: number;
}

/** Identifier checks per member per day, for the daily limit. */
export interface MemberCheckCountsTable {
  member_id: MemberId;
  day: string;
  count: number;
}

/**
 * Identifier checks per organisation and day: all that is kept about checks
 * beyond each member's daily count. No member, identifier, result or time.
 */
export interface IdentifierCheckDaysTable {
  organisation_id: OrganisationId;
  day: string;
  count: number;
}

/** An organisation's choices for community safety (defaults apply without a row). */
export interface SafetySettingsTable {
  organisation_id: OrganisationId;
  checks_per_day: number;
  /** organisation | network | public */
  default_visibility: string;
  expiry_months: number;
  /** 1: only invite codes let people join; open sign-ups are refused. */
  signups_invite_only: Generated<number>;
}

/** A redacted warning about a dangerous person, drafted from a report. */
export interface WarningsTable {
  id: WarningId;
  organisation_id: OrganisationId;
  source_report_id: ReportId | null;
  /** draft | pending (awaiting a second caseworker) | published | withdrawn */
  status: string;
  /** organisation | network | public */
  visibility: string;
  country_code: string;
  area_id: string | null;
  /** 'YYYY-MM' or null. */
  incident_month: string | null;
  /** Space-separated category codes. */
  categories: string;
  /** The texts (what happened, how to recognise, modus operandi), encrypted under a server subkey. */
  body: Buffer;
  version: number;
  drafted_by: UserId;
  last_edited_by: UserId;
  approved_by: UserId | null;
  created_at: string;
  published_day: string | null;
  updated_day: string;
  /** Last day the warning is shown ('YYYY-MM-DD'). */
  expires_on: string | null;
  withdrawn_day: string | null;
  withdrawn_reason: string | null;
  /**
   * The count of reports readers are shown: fixed when a second caseworker
   * approves the warning or an amendment of it, from its linked reports whose
   * reporters agreed to warnings. Null before the first approval.
   */
  reports_count: number | null;
  /** Set on a pending amendment: the published warning it would change once approved. */
  amends_id: WarningId | null;
}

/** Keyed hashes that feed identifier checks for a warning; never shown. */
export interface WarningIdentifiersTable {
  warning_id: WarningId;
  /** phone | email | plate | handle */
  kind: string;
  hash: string;
}

/** Reports a warning rests on (the one it was drafted from, and any linked later). */
export interface WarningReportsTable {
  warning_id: WarningId;
  report_id: ReportId;
}

/** A correction or dispute sent by someone shown a warning; sealed to the organisation's caseworkers. */
export interface WarningCorrectionsTable {
  id: string;
  warning_id: WarningId;
  /** correction | dispute */
  kind: string;
  /** open | resolved */
  status: string;
  from_member: number;
  created_day: string;
  body: Buffer;
  resolved_by: UserId | null;
  resolved_day: string | null;
  /** amended | withdrawn | unchanged */
  outcome: string | null;
}

export interface CorrectionKeySealsTable {
  correction_id: string;
  user_id: UserId;
  sealed_key: Buffer;
}

/** Independent reports that share one identifier hash. One notice per hash. */
export interface MatchNoticesTable {
  id: string;
  kind: string;
  hash: string;
  created_day: string;
  updated_day: string;
}

export interface MatchNoticeReportsTable {
  notice_id: string;
  report_id: ReportId;
  organisation_id: OrganisationId;
  added_day: string;
}

/** An organisation marked a notice as dealt with; a later report reopens it. */
export interface MatchNoticeDismissalsTable {
  notice_id: string;
  organisation_id: OrganisationId;
  dismissed_by: UserId;
  dismissed_day: string;
}

/** Reports whose identifiers have been compared (the sweep job picks up any that were missed). */
export interface MatchScannedTable {
  report_id: ReportId;
}

/** A Web Push subscription of a member's browser; endpoint and keys encrypted. */
export interface PushSubscriptionsTable {
  id: string;
  member_id: MemberId;
  /** Keyed hash of the endpoint: one row per browser. */
  endpoint_hash: string;
  body: Buffer;
  created_day: string;
}

/** The durable delivery queue: one row per warning, member, channel and device. */
export interface WarningDeliveriesTable {
  id: string;
  warning_id: WarningId;
  member_id: MemberId;
  /** email | push */
  channel: string;
  /** The push subscription id, or '' for e-mail. */
  target_id: string;
  /** pending | sent | failed | cancelled */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** A stable code, never a message from the other side. */
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

/** The installation's VAPID key pair (one row); the private key encrypted under a subkey of the pepper. */
export interface VapidKeysTable {
  id: number;
  public_key: string;
  private_key: Buffer;
  created_day: string;
}

export interface SafetyTables {
  members: MembersTable;
  member_areas: MemberAreasTable;
  member_invites: MemberInvitesTable;
  member_check_counts: MemberCheckCountsTable;
  identifier_check_days: IdentifierCheckDaysTable;
  safety_settings: SafetySettingsTable;
  warnings: WarningsTable;
  warning_identifiers: WarningIdentifiersTable;
  warning_reports: WarningReportsTable;
  warning_corrections: WarningCorrectionsTable;
  correction_key_seals: CorrectionKeySealsTable;
  match_notices: MatchNoticesTable;
  match_notice_reports: MatchNoticeReportsTable;
  match_notice_dismissals: MatchNoticeDismissalsTable;
  match_scanned: MatchScannedTable;
  push_subscriptions: PushSubscriptionsTable;
  warning_deliveries: WarningDeliveriesTable;
  vapid_keys: VapidKeysTable;
}
