/**
 * Validation of a country profile, shared by `parasol rights import` (each
 * CSV row) and the admin's edit form. Every problem names its column and a
 * stable code; all problems of a row are collected, not only the first.
 */
import { BUYING_OFFENCES, CONFIDENCES, LEGAL_MODELS, MIGRANT_RULES, SELLING_ADMIN_OFFENCES, SELLING_OFFENCES, THIRD_PARTIES, type CountryProfile } from './legal-models.js';

/** The columns of legal-models.csv, in its order. */
export const PROFILE_COLUMNS = [
  'iso2',
  'subdivision_code',
  'country',
  'legal_model',
  'year_current_model',
  'year_basis',
  'selling_sex_offence',
  'selling_admin_offence',
  'buying_sex_offence',
  'third_parties_criminalised',
  'non_eu_removal_or_entry_rule',
  'migrant_notes',
  'notes',
  'sources',
  'confidence',
  'confidence_reason',
  'latest_source_year',
] as const;
export type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
/** Columns plus what only the admin form has. */
export type ProfileField = ProfileColumn | 'safe_reporting';
export type ProfileFields = Record<ProfileColumn, string> & { safe_reporting?: string };

export const PROFILE_LIMITS: Readonly<Partial<Record<ProfileField, number>>> = {
  country: 100,
  year_basis: 1000,
  migrant_notes: 5000,
  notes: 5000,
  confidence_reason: 1000,
  safe_reporting: 3000,
};
export const MAX_SOURCES = 20;
const SOURCE_MAX = 2000;

export type ProfileProblemCode = 'required' | 'tooLong' | 'brokenText' | 'badCode' | 'badSubdivision' | 'badValue' | 'badYear' | 'noSource' | 'badSource' | 'tooManySources';

export interface ProfileProblem {
  readonly field: ProfileField;
  readonly code: ProfileProblemCode;
  readonly values?: Readonly<Record<string, string | number>>;
}

export type ProfileValidation = { readonly ok: true; readonly profile: Omit<CountryProfile, 'reviewedDay' | 'edited'> } | { readonly ok: false; readonly problems: readonly ProfileProblem[] };

const CHOICES: ReadonlyArray<[ProfileColumn, readonly string[]]> = [
  ['legal_model', LEGAL_MODELS],
  ['selling_sex_offence', SELLING_OFFENCES],
  ['selling_admin_offence', SELLING_ADMIN_OFFENCES],
  ['buying_sex_offence', BUYING_OFFENCES],
  ['third_parties_criminalised', THIRD_PARTIES],
  ['non_eu_removal_or_entry_rule', MIGRANT_RULES],
  ['confidence', CONFIDENCES],
];

/** Splits a sources cell: " | " between addresses in the CSV, new lines in the admin form. */
export function splitSources(text: string): string[] {
  return text
    .split(/\s+\|\s+|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An http(s) URL with a host; http sources are kept (shown as text), anything else is refused. */
function isSourceUrl(text: string): boolean {
  if ([...text].length > SOURCE_MAX || /[\s<>"]/.test(text)) return false;
  try {
    const u = new URL(text);
    return (u.protocol === 'https:' || u.protocol === 'http:') && Boolean(u.hostname) && !u.username && !u.password;
  } catch {
    return false;
  }
}

function year(text: string, thisYear: number): number | null | 'bad' {
  if (!text) return null;
  if (!/^\d{4}$/.test(text)) return 'bad';
  const n = Number(text);
  return n >= 1800 && n <= thisYear ? n : 'bad';
}

/** Checks a profile's fields (a CSV row, or the admin form) and returns the profile or every problem. */
export function validateProfile(raw: ProfileFields, opts: { thisYear: number; malformed?: ReadonlySet<string> }): ProfileValidation {
  const problems: ProfileProblem[] = [];
  const add = (field: ProfileField, code: ProfileProblemCode, values?: Record<string, string | number>) => problems.push({ field, code, ...(values ? { values } : {}) });
  const v = Object.fromEntries(PROFILE_COLUMNS.map((c) => [c, (raw[c] ?? '').replace(/\r\n?/g, '\n').trim()])) as Record<ProfileColumn, string>;
  const safeReporting = (raw.safe_reporting ?? '').replace(/\r\n?/g, '\n').trim();

  for (const field of [...PROFILE_COLUMNS, 'safe_reporting'] as const) {
    if (opts.malformed?.has(field)) add(field, 'brokenText');
    const max = PROFILE_LIMITS[field];
    const text = field === 'safe_reporting' ? safeReporting : v[field];
    if (max !== undefined && [...text].length > max) add(field, 'tooLong', { max, length: [...text].length });
  }

  const iso2 = v.iso2.toUpperCase();
  if (!iso2) add('iso2', 'required');
  else if (!/^[A-Z]{2}$/.test(iso2)) add('iso2', 'badCode', { value: v.iso2 });
  const sub = v.subdivision_code.toUpperCase();
  if (sub && (!/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(sub) || !sub.startsWith(`${iso2}-`))) add('subdivision_code', 'badSubdivision', { value: v.subdivision_code });
  if (!v.country) add('country', 'required');

  for (const [column, allowed] of CHOICES) {
    if (!v[column]) add(column, 'required');
    else if (!allowed.includes(v[column])) add(column, 'badValue', { value: v[column], allowed: allowed.join(', ') });
  }

  const y = year(v.year_current_model, opts.thisYear);
  if (y === 'bad') add('year_current_model', 'badYear', { value: v.year_current_model });
  const latest = year(v.latest_source_year, opts.thisYear);
  if (latest === 'bad') add('latest_source_year', 'badYear', { value: v.latest_source_year });

  const sources = splitSources(v.sources);
  if (sources.length === 0) add('sources', 'noSource');
  if (sources.length > MAX_SOURCES) add('sources', 'tooManySources', { max: MAX_SOURCES });
  for (const s of sources) if (!isSourceUrl(s)) add('sources', 'badSource', { value: s.slice(0, 200) });

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    profile: {
      code: sub || iso2,
      iso2,
      subdivisionCode: sub || null,
      name: v.country,
      legalModel: v.legal_model as CountryProfile['legalModel'],
      year: y as number | null,
      yearBasis: v.year_basis,
      selling: v.selling_sex_offence as CountryProfile['selling'],
      sellingAdmin: v.selling_admin_offence as CountryProfile['sellingAdmin'],
      buying: v.buying_sex_offence as CountryProfile['buying'],
      thirdParties: v.third_parties_criminalised as CountryProfile['thirdParties'],
      migrantRule: v.non_eu_removal_or_entry_rule as CountryProfile['migrantRule'],
      migrantNotes: v.migrant_notes,
      notes: v.notes,
      sources,
      confidence: v.confidence as CountryProfile['confidence'],
      confidenceReason: v.confidence_reason,
      latestSourceYear: latest as number | null,
      safeReporting,
    },
  };
}

/** A profile back as fields (for the admin form). */
export function profileFields(p: CountryProfile): Required<ProfileFields> {
  return {
    iso2: p.iso2,
    subdivision_code: p.subdivisionCode ?? '',
    country: p.name,
    legal_model: p.legalModel,
    year_current_model: p.year === null ? '' : String(p.year),
    year_basis: p.yearBasis,
    selling_sex_offence: p.selling,
    selling_admin_offence: p.sellingAdmin,
    buying_sex_offence: p.buying,
    third_parties_criminalised: p.thirdParties,
    non_eu_removal_or_entry_rule: p.migrantRule,
    migrant_notes: p.migrantNotes,
    notes: p.notes,
    sources: p.sources.join('\n'),
    confidence: p.confidence,
    confidence_reason: p.confidenceReason,
    latest_source_year: p.latestSourceYear === null ? '' : String(p.latestSourceYear),
    safe_reporting: p.safeReporting,
  };
}
