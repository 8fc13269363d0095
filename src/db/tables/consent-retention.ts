/** Tables of consent, disclosure, identity escrow and retention. */
import type { OrganisationId, ReportId, UserId } from '../ids.js';

/** Each report's shred key, wrapped under a vault generation key that lives outside the database. */
export interface ReportVaultTable {
  report_id: ReportId;
  generation: number;
  wrapped_key: Buffer;
}

/**
 * The key vault, shared by every instance: each generation key sealed under a
 * vault key derived from the secrets file. Never copied by `backup create`.
 */
export interface VaultGenerationsTable {
  generation: number;
  sealed_key: Buffer;
  /** The day ('YYYY-MM-DD') from which a retired generation is destroyed. */
  destroy_after: string | null;
  /** 1 when a deletion asked the retention job to retire this generation (no time kept). */
  retire: number;
}

/** Facts of the installation: the keyed fingerprint of its secrets file. */
export interface InstallationFactsTable {
  name: string;
  value: string;
}

/** One row per background job: which instance holds it, until when, and when it is next due. */
export interface JobLeasesTable {
  name: string;
  lease_owner: string | null;
  lease_until: string | null;
  next_run_at: string;
  failures: number;
}

/**
 * Activity notices waiting to be sent: a row per organisation (user '*')
 * while batching, then one per recipient. No time: the notice job's own
 * schedule does the batching.
 */
export interface ActivityNoticesTable {
  organisation_id: OrganisationId;
  user_id: UserId | '*';
  /** waiting | ripe (organisation rows), due (recipient rows) */
  state: string;
  attempts: number;
}

/** A request to reveal a reporter's contact details: asked by one caseworker, decided by a custodian. */
export interface IdentityReleasesTable {
  id: string;
  report_id: ReportId;
  requested_by: UserId;
  requested_day: string;
  /** The reason, encrypted under the report's data key: the reporter reads it in follow-up. */
  reason: Buffer;
  /** pending | approved | refused */
  status: string;
  decided_by: UserId | null;
  decided_day: string | null;
  /** On approval: the contact key sealed to the requester. */
  sealed_contact_key: Buffer | null;
}

/** A police disclosure that was made: who, when, at what consent level, and a hash of exactly what left. */
export interface DisclosuresTable {
  id: string;
  report_id: ReportId;
  made_by: UserId;
  made_day: string;
  consent_level: string;
  content_hash: string;
}

/**
 * The anonymous statistics record a report leaves behind when it is deleted,
 * where its reporter agreed to statistics: routing fields only, months not days.
 */
export interface StatisticsRecordsTable {
  id: string;
  organisation_id: OrganisationId;
  country_code: string;
  area_id: string | null;
  incident_month: string | null;
  received_month: string;
  categories: string;
  perpetrator_types: string;
  police_consent: string;
}

/** One custodian's share of a report's contact key (2 of n), sealed to that custodian. */
export interface ContactKeySharesTable {
  report_id: ReportId;
  custodian_id: UserId;
  sealed_share: Buffer;
}

/** A custodian's approval of a release: their share, re-sealed to the requester. */
export interface IdentityReleaseSharesTable {
  release_id: string;
  custodian_id: UserId;
  sealed_share: Buffer;
}

/** A custodian's share handed to a second custodian, who then re-splits the key among the current custodians. */
export interface CustodyHandoffsTable {
  report_id: ReportId;
  from_custodian: UserId;
  to_custodian: UserId;
  sealed_share: Buffer;
}

/** A proposal to make someone a custodian (invitation when target_user_id is null, else a role change); a second coordinator decides. */
export interface CustodianProposalsTable {
  id: string;
  organisation_id: OrganisationId;
  target_user_id: UserId | null;
  proposed_by: UserId;
  proposed_day: string;
  /** pending | approved | refused */
  status: string;
  decided_by: UserId | null;
  decided_day: string | null;
}

export interface ConsentRetentionTables {
  contact_key_shares: ContactKeySharesTable;
  identity_release_shares: IdentityReleaseSharesTable;
  custody_handoffs: CustodyHandoffsTable;
  custodian_proposals: CustodianProposalsTable;
  report_vault: ReportVaultTable;
  identity_releases: IdentityReleasesTable;
  disclosures: DisclosuresTable;
  statistics_records: StatisticsRecordsTable;
  vault_generations: VaultGenerationsTable;
  installation_facts: InstallationFactsTable;
  job_leases: JobLeasesTable;
  activity_notices: ActivityNoticesTable;
}
