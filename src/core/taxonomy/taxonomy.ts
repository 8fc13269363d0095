/**
 * The incident taxonomy, from the organisations' own account of exploitation.
 * Categories describe what was done to a person; none classifies the person
 * (guarantee 1: nothing about immigration status).
 */
export const CATEGORY_GROUPS = {
  violence: ['physical_assault', 'sexual_violence', 'threats', 'robbery', 'extortion', 'stalking'],
  labour: ['wages_withheld', 'deductions_fines', 'excessive_hours', 'unsafe_conditions', 'documents_withheld', 'debt_bondage', 'restricted_movement', 'forced_labour', 'trafficking'],
  policing: ['police_intimidation', 'pressure_to_inform', 'deportation_threats', 'identity_checks', 'raid', 'eviction_closure', 'arrest_detention', 'confiscation', 'police_extortion'],
  immigration: ['immigration_detention', 'removal', 'refused_entry'],
  discrimination: ['refused_services', 'hate_crime'],
} as const;

export type CategoryGroup = keyof typeof CATEGORY_GROUPS;
export type Category = (typeof CATEGORY_GROUPS)[CategoryGroup][number];
export const CATEGORY_GROUP_CODES = Object.keys(CATEGORY_GROUPS) as CategoryGroup[];
export const CATEGORIES: readonly Category[] = Object.values(CATEGORY_GROUPS).flat() as Category[];

export const PERPETRATOR_TYPES = ['client', 'manager', 'landlord', 'partner_family', 'coworker', 'police_officer', 'immigration_officer', 'other_official', 'stranger', 'online_unknown'] as const;
export type PerpetratorType = (typeof PERPETRATOR_TYPES)[number];

/** How far the reporter allows police to be involved (guarantee 5). */
export const POLICE_CONSENT = ['none', 'anonymous', 'identified'] as const;
export type PoliceConsent = (typeof POLICE_CONSENT)[number];

/** Kinds of perpetrator identifiers, matched blind (guarantee 8). */
export const IDENTIFIER_KINDS = ['phone', 'email', 'plate', 'handle'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const REPORT_STATUSES = ['new', 'in_progress', 'waiting', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export function isCategory(v: string): v is Category {
  return (CATEGORIES as readonly string[]).includes(v);
}
export function isPerpetratorType(v: string): v is PerpetratorType {
  return (PERPETRATOR_TYPES as readonly string[]).includes(v);
}
export function isPoliceConsent(v: string): v is PoliceConsent {
  return (POLICE_CONSENT as readonly string[]).includes(v);
}
export function isIdentifierKind(v: string): v is IdentifierKind {
  return (IDENTIFIER_KINDS as readonly string[]).includes(v);
}
