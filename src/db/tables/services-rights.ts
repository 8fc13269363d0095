/**
 * Table types of the services directory, case referrals and country profiles
 * (know your rights); the Database interface extends this.
 *
 * Nothing here describes a person: services and countries are public facts,
 * and a referral's content (which service, what came of it) is sealed under
 * the report's content key like a case note.
 */
import type { OrganisationId, ReportId, ServiceId, UserId } from '../ids.js';

/** One entry of the services directory, owned by the organisation whose admins keep it. */
export interface ServicesTable {
  id: ServiceId;
  organisation_id: OrganisationId;
  name: string;
  /** A short description, in whatever language the admin wrote it; '' when none. */
  description: string;
  /** The language of `description` (a reporter locale code), or null when not said (entries made before it could be). */
  description_lang: string | null;
  /** Space-separated service category codes. */
  categories: string;
  /** ISO 3166-1 alpha-2 (XK for Kosovo). */
  country_code: string;
  /** A known area (e.g. "ro-bucharest") when the service is in one; used to match reports. */
  area_id: string | null;
  city: string;
  address: string;
  /** Space-separated BCP 47 language codes, e.g. "ro en". */
  languages: string;
  phone: string;
  email: string;
  /** An https URL or ''. */
  website: string;
  /** Messaging apps and other channels, free text. */
  messaging: string;
  opening_hours: string;
  /** free | low_cost | paid | unknown */
  cost: string;
  /** The firewall rating, each one of yes | no | unknown. */
  asks_for_id: string;
  shares_with_immigration: string;
  needs_police_report: string;
  sex_worker_led: string;
  trans_inclusive: string;
  /** 'YYYY-MM-DD' when the entry was last checked with the service; null when never. */
  verified_day: string | null;
  /** active | retired */
  status: string;
  created_day: string;
  updated_day: string;
}

/** A referral recorded in a case: which service and what came of it, sealed under the report's content key. */
export interface CaseReferralsTable {
  id: string;
  report_id: ReportId;
  author_user_id: UserId;
  created_at: string;
  updated_at: string;
  /** Envelope of {serviceId, serviceName, outcome, note}; associated data names the report and this row. */
  body: Buffer;
}

/** A country (or part of one) profile: the law on sex work, from the legal-models data, editable by admins. */
export interface CountryProfilesTable {
  /** The alpha-2 code, or the ISO 3166-2 code of a part ("GB-SCT"). */
  code: string;
  iso2: string;
  subdivision_code: string | null;
  /** English name from the data (pages show names in the reader's language). */
  name: string;
  legal_model: string;
  year_current_model: number | null;
  year_basis: string;
  selling_offence: string;
  selling_admin_offence: string;
  buying_offence: string;
  third_parties: string;
  /** What is known of rules to remove or refuse entry to non-EU nationals who sell sex. */
  migrant_rule: string;
  migrant_notes: string;
  notes: string;
  /** Source URLs, one per line, the main one first. */
  sources: string;
  /** high | medium | low ("unverified") */
  confidence: string;
  confidence_reason: string;
  latest_source_year: number | null;
  /** Where safe reporting (a firewall between police and immigration) is known to exist; '' when nothing known. */
  safe_reporting: string;
  /** 'YYYY-MM-DD' of the last review (import or admin edit). */
  reviewed_day: string;
  /** 1 once an admin has changed the profile; a later import then leaves it alone. */
  edited: number;
  updated_by: UserId | null;
  /** The organisation of the editor whose change a second editor approved last; null while only imported. */
  changed_by_organisation: OrganisationId | null;
  /** 'YYYY-MM-DD' of that approval. */
  changed_day: string | null;
}

/** A network editor: the only people who may propose or approve changes to country profiles. Named by the operator. */
export interface NetworkEditorsTable {
  user_id: UserId;
  named_day: string;
}

/** A proposed change to a country profile; shown to the public only once a second editor approves it. */
export interface ProfileChangesTable {
  id: string;
  profile_code: string;
  /** JSON of the profile's columns when the change was proposed: approval is refused when the profile moved since. */
  base: string;
  /** JSON of the proposed columns. */
  proposed: string;
  proposed_by: UserId;
  proposed_organisation: OrganisationId;
  proposed_day: string;
  /** pending | approved | refused | stale */
  status: string;
  decided_by: UserId | null;
  decided_day: string | null;
}

/** A correction to a service entry proposed by a network editor; applied only once a second editor approves it. */
export interface ServiceChangesTable {
  id: string;
  service_id: ServiceId;
  /** JSON of the entry's fields when the change was proposed: approval is refused when the entry moved since. */
  base: string;
  /** JSON of the proposed fields. */
  proposed: string;
  proposed_by: UserId;
  proposed_organisation: OrganisationId;
  proposed_day: string;
  /** pending | approved | refused | stale */
  status: string;
  decided_by: UserId | null;
  decided_day: string | null;
}

/** A service's description in one more language (the entry's own is `services.description`). */
export interface ServiceDescriptionsTable {
  service_id: ServiceId;
  /** A reporter locale code. */
  lang: string;
  description: string;
  updated_day: string;
}

export interface ServicesRightsTables {
  services: ServicesTable;
  service_descriptions: ServiceDescriptionsTable;
  case_referrals: CaseReferralsTable;
  country_profiles: CountryProfilesTable;
  network_editors: NetworkEditorsTable;
  profile_changes: ProfileChangesTable;
  service_changes: ServiceChangesTable;
}
