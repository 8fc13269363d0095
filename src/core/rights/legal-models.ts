/**
 * The vocabulary of the legal-models data: how the law treats sex work in a
 * country (or part of one). Values are the research file's own codes; the
 * pages explain each in plain words in the reader's language.
 */
import type { OrganisationId } from '../shared/ids.js';

/** The five legal models, from most to least punitive towards people who sell sex. */
export const LEGAL_MODELS = ['criminalised', 'partial_criminalisation_of_purchase', 'partially_criminalised_other', 'regulated', 'decriminalised'] as const;
export type LegalModel = (typeof LEGAL_MODELS)[number];

export const SELLING_OFFENCES = ['none', 'administrative', 'administrative_conditional', 'criminal', 'criminal_conditional', 'unclear'] as const;
export const SELLING_ADMIN_OFFENCES = ['yes', 'partial', 'no', 'unclear'] as const;
export const BUYING_OFFENCES = ['none', 'all', 'conditional', 'administrative', 'administrative_conditional', 'criminal', 'unclear'] as const;
export const THIRD_PARTIES = ['yes', 'partly', 'unclear'] as const;
/** What is known of rules to remove, or refuse entry to, non-EU nationals who sell sex. `not_researched` is NOT "no rule". */
export const MIGRANT_RULES = ['specific_rule', 'general_grounds_used', 'work_permit_barrier', 'none_found', 'not_researched'] as const;
/** `low` is shown as "unverified". */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;

export type SellingOffence = (typeof SELLING_OFFENCES)[number];
export type SellingAdminOffence = (typeof SELLING_ADMIN_OFFENCES)[number];
export type BuyingOffence = (typeof BUYING_OFFENCES)[number];
export type ThirdParties = (typeof THIRD_PARTIES)[number];
export type MigrantRule = (typeof MIGRANT_RULES)[number];
export type Confidence = (typeof CONFIDENCES)[number];

/** A country profile. */
export interface CountryProfile {
  /** The alpha-2 code, or the ISO 3166-2 code of a part of a country ("GB-SCT"). */
  readonly code: string;
  readonly iso2: string;
  readonly subdivisionCode: string | null;
  /** English name, from the data. */
  readonly name: string;
  readonly legalModel: LegalModel;
  readonly year: number | null;
  readonly yearBasis: string;
  readonly selling: SellingOffence;
  readonly sellingAdmin: SellingAdminOffence;
  readonly buying: BuyingOffence;
  readonly thirdParties: ThirdParties;
  readonly migrantRule: MigrantRule;
  readonly migrantNotes: string;
  readonly notes: string;
  /** Source addresses, the main one first (http or https; only https ones are shown as links). */
  readonly sources: readonly string[];
  readonly confidence: Confidence;
  readonly confidenceReason: string;
  readonly latestSourceYear: number | null;
  readonly safeReporting: string;
  readonly reviewedDay: string;
  readonly edited: boolean;
  /** The organisation (id) of the editor whose change a second editor approved last; null while only imported. */
  readonly changedByOrganisation?: OrganisationId | null;
  /** The day of that approval. */
  readonly changedDay?: string | null;
}

/** True when a source may be shown as a link: https, with a host and no credentials. */
export function isLinkableSource(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && Boolean(u.hostname) && !u.username && !u.password && /^https:\/\/[^\s"'<>]+$/i.test(url);
  } catch {
    return false;
  }
}
