/**
 * Tables of policy-impact monitoring: enforcement operations (with notes
 * sealed to the organisation's monitoring key), survey waves and their
 * anonymous responses, and statistics releases (what the public pages show).
 */
import type { OrganisationId, UserId } from '../ids.js';

/** One random XChaCha20-Poly1305 key per organisation, for operation notes. */
export interface MonitoringKeysTable {
  id: string;
  organisation_id: OrganisationId;
  created_day: string;
}

/** The monitoring key sealed (X25519 sealed box) to one staff member's public key. */
export interface MonitoringKeySealsTable {
  key_id: string;
  user_id: UserId;
  sealed_key: Buffer;
}

/** A police or immigration operation and what came of it. Figures are null when not known. */
export interface OperationsTable {
  id: string;
  organisation_id: OrganisationId;
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', as precisely as it is known. */
  op_date: string;
  year: number;
  /** 'YYYY-MM' or null when only the year is known. */
  month: string | null;
  country_code: string;
  city: string | null;
  /** Space-separated agency codes. */
  agencies: string;
  purpose: string;
  premises: number | null;
  people_affected: number | null;
  arrested: number | null;
  arrested_other_offences: number | null;
  detained_immigration: number | null;
  removed: number | null;
  charged: number | null;
  victims_identified: number | null;
  referred_support: number | null;
  /** Space-separated harm codes. */
  harms: string;
  /** JSON: [{ type, title, url }]. */
  sources: string;
  /** 1 when the operation is part of the public statistics and open data. */
  published: number;
  /** Envelope under the organisation's monitoring key (context: operation id), or null. */
  notes: Buffer | null;
  notes_key_id: string | null;
  created_day: string;
  updated_day: string;
}

export interface SurveyWavesTable {
  /** Random; also the address of the response form. */
  id: string;
  organisation_id: OrganisationId;
  title: string;
  country_code: string;
  area_id: string | null;
  starts_day: string;
  ends_day: string;
  /** Space-separated reporter locales. */
  languages: string;
  /** draft | open | closed */
  status: string;
  /** JSON: the organisation's own questions. */
  questions: string;
  created_day: string;
}

/** One anonymous response: no time, no language, no device details. */
export interface SurveyResponsesTable {
  id: string;
  wave_id: string;
}

export interface SurveyAnswersTable {
  response_id: string;
  wave_id: string;
  question: string;
  answer: string;
}

/** A statistics release: the published tables as JSON, built for a cut-off day. */
export interface StatsReleasesTable {
  id: string;
  cutoff_day: string;
  /** ISO instant of the build (a staff-side time, about no reporter). */
  built_at: string;
  k: number;
  /** 1 when operations or surveys changed after the build. */
  stale: number;
  body: string;
}

export interface MonitoringTables {
  monitoring_keys: MonitoringKeysTable;
  monitoring_key_seals: MonitoringKeySealsTable;
  operations: OperationsTable;
  survey_waves: SurveyWavesTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  stats_releases: StatsReleasesTable;
}
