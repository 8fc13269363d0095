/**
 * Validation of a service entry, shared by the staff form and the CSV import
 * so that both accept and refuse exactly the same things. Every problem names
 * its field and a stable code; the surfaces turn codes into messages in the
 * reader's language.
 */
import type { Area } from '../../db/schema.js';
import { isCountryCode } from '../places/countries.js';
import { isCost, isServiceCategory, isTristate, type Cost, type ServiceCategory, type ServiceInput, type Tristate } from './services.types.js';

/** The fields of a service as text, as a form or a CSV row gives them. */
export const SERVICE_FIELDS = [
  'name',
  'description',
  'categories',
  'country',
  'area',
  'city',
  'address',
  'languages',
  'phone',
  'email',
  'website',
  'messaging',
  'opening_hours',
  'cost',
  'asks_for_id',
  'shares_data_with_immigration',
  'requires_police_report',
  'sex_worker_led',
  'trans_inclusive',
  'last_verified',
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];
export type ServiceFields = Record<ServiceField, string>;

export function emptyServiceFields(): ServiceFields {
  return Object.fromEntries(SERVICE_FIELDS.map((f) => [f, ''])) as ServiceFields;
}

/** Longest text accepted per field, in characters. */
export const SERVICE_LIMITS: Readonly<Partial<Record<ServiceField, number>>> = {
  name: 200,
  description: 1000,
  city: 100,
  address: 300,
  phone: 60,
  email: 200,
  website: 500,
  messaging: 300,
  opening_hours: 300,
};

export type ServiceProblemCode =
  | 'required'
  | 'tooLong'
  | 'brokenText'
  | 'noCategory'
  | 'unknownCategory'
  | 'unknownCountry'
  | 'unknownArea'
  | 'areaCountry'
  | 'noLanguage'
  | 'badLanguage'
  | 'badPhone'
  | 'badEmail'
  | 'badWebsite'
  | 'noContact'
  | 'badCost'
  | 'badAnswer'
  | 'badDay'
  | 'futureDay'
  | 'notCovered'
  | 'countryNotCovered'
  | 'noCoverage';

export interface ServiceProblem {
  readonly field: ServiceField;
  readonly code: ServiceProblemCode;
  /** Values for the message: the offending value, a limit. */
  readonly values?: Readonly<Record<string, string | number>>;
}

export type ServiceValidation = { readonly ok: true; readonly input: ServiceInput } | { readonly ok: false; readonly problems: readonly ServiceProblem[] };

/** Splits a list typed as "ro, en; ru" or "ro en" into its items. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A primary language subtag ISO 639 knows ("ro", "uk", "ckb"), lower-cased; null otherwise. */
export function normaliseLanguage(code: string): string | null {
  const lower = code.trim().toLowerCase();
  if (!/^[a-z]{2,3}$/.test(lower)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(lower);
    if (!canonical || !languageNames.of(canonical)) return null;
    return canonical;
  } catch {
    return null;
  }
}

/** An https URL with a host and no credentials, as a normalised string; null otherwise. */
export function normaliseWebsite(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password) return null;
  return url.href;
}

const PHONE = /^[+0-9 ()./-]{3,60}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/u;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day 'YYYY-MM-DD'. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

function answer(text: string): Tristate | null {
  const v = text.trim().toLowerCase();
  if (v === '') return 'unknown';
  return isTristate(v) ? v : null;
}

function cost(text: string): Cost | null {
  const v = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (v === '') return 'unknown';
  return isCost(v) ? v : null;
}

export interface ValidationContext {
  /** Known areas, to check an area id and to match a city to its area. */
  readonly areas: readonly Area[];
  /** Today, 'YYYY-MM-DD': a check cannot have happened after it. */
  readonly today: string;
  /** Fields whose bytes were not valid UTF-8. */
  readonly malformed?: ReadonlySet<string>;
  /**
   * The areas the publishing organisation covers: a service must be in one of
   * them, or (with no area) in a country where it covers one. Network content
   * outside an organisation's own areas is not its to publish.
   */
  readonly covered?: readonly Area[];
}

/**
 * Checks every field and collects every problem (not only the first), so a
 * person fixes a form, or a CSV row, in one go.
 */
export function validateService(raw: ServiceFields, context: ValidationContext): ServiceValidation {
  const problems: ServiceProblem[] = [];
  const add = (field: ServiceField, code: ServiceProblemCode, values?: Record<string, string | number>) => problems.push({ field, code, ...(values ? { values } : {}) });
  const v = Object.fromEntries(SERVICE_FIELDS.map((f) => [f, (raw[f] ?? '').replace(/\r\n?/g, '\n').trim()])) as ServiceFields;

  for (const field of SERVICE_FIELDS) {
    if (context.malformed?.has(field)) add(field, 'brokenText');
    const max = SERVICE_LIMITS[field];
    if (max !== undefined && [...v[field]].length > max) add(field, 'tooLong', { max, length: [...v[field]].length });
  }
  if (!v.name) add('name', 'required');

  const categories: ServiceCategory[] = [];
  for (const c of splitList(v.categories)) {
    const code = c.toLowerCase();
    if (isServiceCategory(code)) {
      if (!categories.includes(code)) categories.push(code);
    } else add('categories', 'unknownCategory', { value: c });
  }
  if (categories.length === 0 && !problems.some((p) => p.field === 'categories')) add('categories', 'noCategory');

  const country = v.country.toUpperCase();
  if (!country) add('country', 'required');
  else if (!isCountryCode(country)) add('country', 'unknownCountry', { value: v.country });

  let areaId: string | null = null;
  if (v.area) {
    const area = context.areas.find((a) => a.id === v.area.toLowerCase());
    if (!area) add('area', 'unknownArea', { value: v.area });
    else if (isCountryCode(country) && area.country_code !== country) add('area', 'areaCountry', { value: v.area });
    else areaId = area.id;
  } else if (v.city && isCountryCode(country)) {
    // A city that is a known area of the same country is linked to it, so reports from there find the service.
    areaId = context.areas.find((a) => a.country_code === country && fold(a.name) === fold(v.city))?.id ?? null;
  }
  const city = v.city || (areaId ? (context.areas.find((a) => a.id === areaId)?.name ?? '') : '');
  if (context.covered && isCountryCode(country) && !problems.some((p) => p.field === 'area')) {
    const covered = context.covered;
    const names = covered.map((a) => a.name).join(', ');
    if (covered.length === 0) add('country', 'noCoverage');
    else if (areaId && !covered.some((a) => a.id === areaId)) add('area', 'notCovered', { areas: names });
    else if (!areaId && !covered.some((a) => a.country_code === country)) add('country', 'countryNotCovered', { areas: names });
  }

  const languages: string[] = [];
  for (const l of splitList(v.languages)) {
    const code = normaliseLanguage(l);
    if (!code) add('languages', 'badLanguage', { value: l });
    else if (!languages.includes(code)) languages.push(code);
  }
  if (languages.length === 0 && !problems.some((p) => p.field === 'languages')) add('languages', 'noLanguage');

  if (v.phone && (!PHONE.test(v.phone) || (v.phone.match(/\d/g) ?? []).length < 3)) add('phone', 'badPhone');
  if (v.email && !EMAIL.test(v.email)) add('email', 'badEmail');
  let website = '';
  if (v.website) {
    const url = normaliseWebsite(v.website);
    if (!url) add('website', 'badWebsite');
    else website = url;
  }
  if (!v.phone && !v.email && !v.website && !v.messaging && !v.address) add('phone', 'noContact');

  const costValue = cost(v.cost);
  if (!costValue) add('cost', 'badCost', { value: v.cost });

  const answers = {} as Record<'asks_for_id' | 'shares_data_with_immigration' | 'requires_police_report' | 'sex_worker_led' | 'trans_inclusive', Tristate>;
  for (const field of ['asks_for_id', 'shares_data_with_immigration', 'requires_police_report', 'sex_worker_led', 'trans_inclusive'] as const) {
    const a = answer(v[field]);
    if (!a) add(field, 'badAnswer', { value: v[field] });
    else answers[field] = a;
  }

  let verifiedDay: string | null = null;
  if (v.last_verified) {
    if (!isDay(v.last_verified)) add('last_verified', 'badDay', { value: v.last_verified });
    else if (v.last_verified > context.today) add('last_verified', 'futureDay');
    else verifiedDay = v.last_verified;
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name: v.name,
      description: v.description,
      categories,
      countryCode: country,
      areaId,
      city,
      address: v.address,
      languages,
      phone: v.phone,
      email: v.email,
      website,
      messaging: v.messaging,
      openingHours: v.opening_hours,
      cost: costValue!,
      firewall: {
        asksForId: answers.asks_for_id,
        sharesWithImmigration: answers.shares_data_with_immigration,
        needsPoliceReport: answers.requires_police_report,
        sexWorkerLed: answers.sex_worker_led,
        transInclusive: answers.trans_inclusive,
        verifiedDay,
      },
    },
  };
}
