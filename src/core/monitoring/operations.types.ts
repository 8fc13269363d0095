/**
 * Enforcement operations: what is recorded, and how it is checked. Figures
 * are counts of what the sources report; an unknown figure is null, never 0
 * (0 means "none": no victims of trafficking identified is a finding).
 */
import { COUNTRY_CODES, isCountryCode } from '../places/countries.js';
import type { OrganisationId } from '../shared/ids.js';

export const AGENCIES = ['police', 'immigration', 'labour_inspection', 'joint', 'other'] as const;
export type Agency = (typeof AGENCIES)[number];

export const PURPOSES = ['anti_trafficking', 'immigration_control', 'public_order', 'closure_of_premises', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const HARMS = ['evictions', 'closure_notices', 'confiscation', 'violence', 'loss_of_income', 'people_moving_away'] as const;
export type Harm = (typeof HARMS)[number];

export const SOURCE_TYPES = ['community_testimony', 'press', 'official_statement'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** The counted outcomes of an operation, in the order they are shown. */
export const FIGURES = ['premises', 'people_affected', 'arrested', 'arrested_other_offences', 'detained_immigration', 'removed', 'charged', 'victims_identified', 'referred_support'] as const;
export type Figure = (typeof FIGURES)[number];

export interface Source {
  readonly type: SourceType;
  readonly title: string;
  /** An https:// link, or '' when there is none (e.g. testimony). */
  readonly url: string;
}

/** An operation as the staff surface and the core exchange it (notes in clear only in memory). */
export interface OperationInput {
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  readonly date: string;
  readonly countryCode: string;
  readonly city: string;
  readonly agencies: readonly Agency[];
  readonly purpose: Purpose;
  readonly figures: Readonly<Record<Figure, number | null>>;
  readonly harms: readonly Harm[];
  readonly sources: readonly Source[];
  readonly published: boolean;
  readonly notes: string;
}

export interface Operation extends Omit<OperationInput, 'notes'> {
  readonly id: string;
  readonly organisationId: OrganisationId;
  readonly year: number;
  readonly month: string | null;
  readonly hasNotes: boolean;
  readonly createdDay: string;
  readonly updatedDay: string;
}

/** The form of an operation as typed: every field a string (or list), kept as is to show again with errors. */
export interface OperationForm {
  readonly date: string;
  readonly country: string;
  readonly city: string;
  readonly agencies: readonly string[];
  readonly purpose: string;
  readonly figures: Readonly<Record<Figure, string>>;
  readonly harms: readonly string[];
  readonly sources: ReadonlyArray<{ readonly type: string; readonly title: string; readonly url: string }>;
  readonly published: boolean;
  readonly notes: string;
}

export const MAX_SOURCES = 5;
export const CITY_MAX = 80;
export const SOURCE_TITLE_MAX = 200;
export const URL_MAX = 500;
export const NOTES_MAX = 20_000;
export const FIGURE_MAX = 1_000_000;
export const FIRST_YEAR = 1990;

export type OperationProblem =
  | 'required'
  | 'dateFormat'
  | 'dateFuture'
  | 'dateTooEarly'
  | 'unknownCountry'
  | 'tooLong'
  | 'controlCharacters'
  | 'unknownChoice'
  | 'chooseOne'
  | 'wholeNumber'
  | 'tooLarge'
  | 'moreThanArrested'
  | 'urlFormat'
  | 'sourceIncomplete';

export type OperationErrors = Partial<Record<string, OperationProblem>>;

export function emptyOperationForm(): OperationForm {
  return {
    date: '',
    country: '',
    city: '',
    agencies: [],
    purpose: '',
    figures: Object.fromEntries(FIGURES.map((f) => [f, ''])) as Record<Figure, string>,
    harms: [],
    sources: [{ type: '', title: '', url: '' }],
    published: false,
    notes: '',
  };
}

/** The form as it would be typed for an existing operation. */
export function formOf(op: Operation, notes: string): OperationForm {
  return {
    date: op.date,
    country: op.countryCode,
    city: op.city,
    agencies: op.agencies,
    purpose: op.purpose,
    figures: Object.fromEntries(FIGURES.map((f) => [f, op.figures[f] === null ? '' : String(op.figures[f])])) as Record<Figure, string>,
    harms: op.harms,
    sources: op.sources.length ? op.sources : [{ type: '', title: '', url: '' }],
    published: op.published,
    notes,
  };
}

/** Splits a precise-as-known date into its year and month. */
export function dateParts(date: string): { year: number; month: string | null } {
  return { year: Number(date.slice(0, 4)), month: date.length >= 7 ? date.slice(0, 7) : null };
}

const CONTROL = /(?![\t\n\r\u0080-\u009f])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;

/** Checks a date written 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' against today ('YYYY-MM-DD'). */
export function checkDate(raw: string, today: string): OperationProblem | null {
  const s = raw.trim();
  if (!s) return 'required';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return 'dateFormat';
  const year = Number(m[1]);
  if (m[2] && (Number(m[2]) < 1 || Number(m[2]) > 12)) return 'dateFormat';
  if (m[3]) {
    const d = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return 'dateFormat';
  }
  if (year < FIRST_YEAR) return 'dateTooEarly';
  if (s > today.slice(0, s.length)) return 'dateFuture';
  return null;
}

function figure(raw: string): { value: number | null; problem?: OperationProblem } {
  const s = raw.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { value: null };
  if (!/^\d+$/.test(s)) return { value: null, problem: 'wholeNumber' };
  const n = Number(s);
  if (n > FIGURE_MAX) return { value: null, problem: 'tooLarge' };
  return { value: n };
}

/** Validates a typed operation; errors are keyed by field name (figures by their code, sources as source_<n>_url). */
export function validateOperation(form: OperationForm, today: string): { ok: true; value: OperationInput } | { ok: false; errors: OperationErrors } {
  const errors: OperationErrors = {};
  const dateProblem = checkDate(form.date, today);
  if (dateProblem) errors.date = dateProblem;
  const country = form.country.trim().toUpperCase();
  if (!country) errors.country = 'required';
  else if (!isCountryCode(country)) errors.country = 'unknownCountry';
  const city = form.city.trim();
  if ([...city].length > CITY_MAX) errors.city = 'tooLong';
  else if (CONTROL.test(city)) errors.city = 'controlCharacters';
  const agencies = [...new Set(form.agencies)];
  if (agencies.length === 0) errors.agencies = 'chooseOne';
  else if (!agencies.every((a) => (AGENCIES as readonly string[]).includes(a))) errors.agencies = 'unknownChoice';
  if (!form.purpose) errors.purpose = 'required';
  else if (!(PURPOSES as readonly string[]).includes(form.purpose)) errors.purpose = 'unknownChoice';
  const figures = {} as Record<Figure, number | null>;
  for (const f of FIGURES) {
    const r = figure(form.figures[f] ?? '');
    figures[f] = r.value;
    if (r.problem) errors[f] = r.problem;
  }
  if (figures.arrested_other_offences !== null && figures.arrested !== null && figures.arrested_other_offences > figures.arrested) errors.arrested_other_offences = 'moreThanArrested';
  const harms = [...new Set(form.harms)];
  if (!harms.every((h) => (HARMS as readonly string[]).includes(h))) errors.harms = 'unknownChoice';
  const sources: Source[] = [];
  form.sources.slice(0, MAX_SOURCES).forEach((s, i) => {
    const n = i + 1;
    const title = s.title.trim();
    const url = s.url.trim();
    if (!s.type && !title && !url) return;
    if (!(SOURCE_TYPES as readonly string[]).includes(s.type)) errors[`source_${n}_type`] = s.type ? 'unknownChoice' : 'sourceIncomplete';
    if (!title) errors[`source_${n}_title`] = 'sourceIncomplete';
    else if ([...title].length > SOURCE_TITLE_MAX) errors[`source_${n}_title`] = 'tooLong';
    else if (CONTROL.test(title)) errors[`source_${n}_title`] = 'controlCharacters';
    if (url && (url.length > URL_MAX || !/^https:\/\/[^\s"'<>\\]+$/i.test(url))) errors[`source_${n}_url`] = 'urlFormat';
    sources.push({ type: s.type as SourceType, title, url });
  });
  if ([...form.notes].length > NOTES_MAX) errors.notes = 'tooLong';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      date: form.date.trim(),
      countryCode: country,
      city,
      agencies: AGENCIES.filter((a) => agencies.includes(a)),
      purpose: form.purpose as Purpose,
      figures,
      harms: HARMS.filter((h) => harms.includes(h)),
      sources,
      published: form.published,
      notes: form.notes.trim(),
    },
  };
}

export { COUNTRY_CODES };
