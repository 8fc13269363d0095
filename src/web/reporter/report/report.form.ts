/**
 * The report form at the edge: raw fields in, either a validated submission
 * or errors per field, always with everything the person typed so the form
 * can be shown again. Unknown fields are dropped.
 */
import { normaliseIdentifier } from '../../../core/reports/identifiers.js';
import type { IdentifierInput, ReportSubmission } from '../../../core/reports/report.types.js';
import {
  IDENTIFIER_KINDS,
  isCategory,
  isIdentifierKind,
  isPerpetratorType,
  isPoliceConsent,
  type Category,
  type IdentifierKind,
  type PerpetratorType,
  type PoliceConsent,
} from '../../../core/taxonomy/taxonomy.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import type { MessageValues } from '../../../i18n/translator.js';
import { parseOrganisationId } from '../../../core/shared/ids.js';
import type { FormBody } from '../../plugins/form-body.js';

/** How many identifier rows the form offers (more can be added in follow-up). */
export const IDENTIFIER_ROWS = 4;

export const LIMITS = {
  placeDetail: 1_000,
  description: 20_000,
  identifier: 200,
  contact: 1_000,
  message: 20_000,
} as const;

/** The form exactly as typed. */
export interface ReportFormValues {
  area: string;
  organisation: string;
  placeDetail: string;
  incidentDate: string;
  incidentMonth: string;
  categories: string[];
  perpetrators: string[];
  description: string;
  identifiers: Array<{ kind: string; value: string }>;
  support: string;
  warn: string;
  statistics: string;
  police: string;
  contactName: string;
  contactDetails: string;
}

export interface FieldProblem {
  readonly id: ReporterMessageId;
  readonly values?: MessageValues;
}

export type FormErrors = Partial<Record<string, FieldProblem>>;

export function emptyReportForm(): ReportFormValues {
  return {
    area: '',
    organisation: '',
    placeDetail: '',
    incidentDate: '',
    incidentMonth: '',
    categories: [],
    perpetrators: [],
    description: '',
    identifiers: Array.from({ length: IDENTIFIER_ROWS }, () => ({ kind: 'phone', value: '' })),
    // Chosen for the reporter, visibly, and changeable: support concerns only her own caseworker; nothing
    // is shared beyond the organisation (warnings, statistics, police) unless she says so.
    support: 'yes',
    warn: 'no',
    statistics: 'no',
    police: 'none',
    contactName: '',
    contactDetails: '',
  };
}

/** Reads the form fields from a parsed body; repeated fields become lists, the rest single strings. */
export function readReportForm(body: FormBody): ReportFormValues {
  const identifiers = Array.from({ length: IDENTIFIER_ROWS }, (_, i) => ({
    kind: body.one(`id_kind_${i + 1}`) || 'phone',
    value: body.one(`id_value_${i + 1}`),
  }));
  return {
    area: body.one('area'),
    organisation: body.one('organisation'),
    placeDetail: body.one('place_detail'),
    incidentDate: body.one('incident_date').trim(),
    incidentMonth: body.one('incident_month').trim(),
    categories: body.all('category'),
    perpetrators: body.all('perpetrator'),
    description: body.one('description'),
    identifiers,
    support: body.one('support'),
    warn: body.one('warn'),
    statistics: body.one('statistics'),
    police: body.one('police') || 'none',
    contactName: body.one('contact_name'),
    contactDetails: body.one('contact_details'),
  };
}

function checkLength(errors: FormErrors, field: string, value: string, max: number): void {
  const length = [...value].length;
  if (length > max) errors[field] = { id: 'error.tooLong', values: { length, max } };
}

function isRealDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Today in UTC, plus a day of slack for time zones east of UTC. */
function latestAllowedDay(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

const yesNo = (v: string): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);

export interface PlaceLookup {
  /** Resolves an area code: a covered area id, or "elsewhere:CC". Returns null when unknown. */
  resolve(area: string): { countryCode: string; areaId: string | null } | null;
}

export type ReportFormResult = { ok: true; submission: ReportSubmission } | { ok: false; errors: FormErrors };

/** Validates the form. `malformed` names fields whose bytes were not valid UTF-8. */
export function validateReportForm(values: ReportFormValues, malformed: ReadonlySet<string>, places: PlaceLookup, language: string, now: Date): ReportFormResult {
  const errors: FormErrors = {};

  const place = values.area ? places.resolve(values.area) : null;
  if (!values.area) errors.area = { id: 'error.chooseArea' };
  else if (!place) errors.area = { id: 'error.unknownArea' };

  checkLength(errors, 'place_detail', values.placeDetail, LIMITS.placeDetail);

  let incidentDate: string | null = null;
  const latest = latestAllowedDay(now);
  if (values.incidentDate) {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(values.incidentDate);
    if (!m || !isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[1]) < 1950) {
      errors.incident_date = { id: 'error.invalidDate' };
    } else {
      incidentDate = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
      if (incidentDate > latest) errors.incident_date = { id: 'error.futureDate' };
    }
  } else if (values.incidentMonth) {
    const m = /^(\d{4})-(\d{1,2})$/.exec(values.incidentMonth);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1950) {
      errors.incident_month = { id: 'error.invalidMonth' };
    } else {
      incidentDate = `${m[1]}-${m[2]!.padStart(2, '0')}`;
      if (incidentDate > latest.slice(0, 7)) errors.incident_month = { id: 'error.futureDate' };
    }
  }

  const categories = values.categories.filter(isCategory) as Category[];
  if (values.categories.length !== categories.length) errors.category = { id: 'error.unknownChoice' };
  else if (categories.length === 0) errors.category = { id: 'error.chooseCategory' };

  const perpetrators = values.perpetrators.filter(isPerpetratorType) as PerpetratorType[];
  if (values.perpetrators.length !== perpetrators.length) errors.perpetrator = { id: 'error.unknownChoice' };

  checkLength(errors, 'description', values.description, LIMITS.description);

  const identifiers: IdentifierInput[] = [];
  values.identifiers.forEach((row, i) => {
    const field = `id_value_${i + 1}`;
    if (!row.value.trim()) return;
    if (!isIdentifierKind(row.kind)) {
      errors[`id_kind_${i + 1}`] = { id: 'error.identifierKind' };
      return;
    }
    if ([...row.value].length > LIMITS.identifier) {
      checkLength(errors, field, row.value, LIMITS.identifier);
      return;
    }
    const norm = normaliseIdentifier(row.kind as IdentifierKind, row.value, place?.countryCode);
    if (!norm.ok) {
      errors[field] = { id: 'error.invalidIdentifier', values: { kind: row.kind } };
      return;
    }
    identifiers.push({ kind: row.kind as IdentifierKind, value: row.value.trim(), normalised: norm.value });
  });

  const support = yesNo(values.support);
  const warn = yesNo(values.warn);
  const statistics = yesNo(values.statistics);
  if (support === null) errors.support = { id: 'error.chooseYesNo' };
  if (warn === null) errors.warn = { id: 'error.chooseYesNo' };
  if (statistics === null) errors.statistics = { id: 'error.chooseYesNo' };
  if (!isPoliceConsent(values.police)) errors.police = { id: 'error.unknownChoice' };

  checkLength(errors, 'contact_name', values.contactName, LIMITS.contact);
  checkLength(errors, 'contact_details', values.contactDetails, LIMITS.contact);

  for (const field of malformed) {
    if (!errors[field]) errors[field] = { id: 'error.brokenText' };
  }

  if (Object.keys(errors).length > 0 || !place || support === null || warn === null || statistics === null) {
    return { ok: false, errors };
  }
  const hasContact = values.contactName.trim() !== '' || values.contactDetails.trim() !== '';
  return {
    ok: true,
    submission: {
      countryCode: place.countryCode,
      areaId: place.areaId,
      organisationId: parseOrganisationId(values.organisation),
      placeDetail: values.placeDetail.trim(),
      incidentDate,
      categories,
      perpetratorTypes: perpetrators,
      description: values.description.trim(),
      identifiers,
      wantsSupport: support,
      warnOthers: warn,
      statistics,
      police: values.police as PoliceConsent,
      contact: hasContact ? { name: values.contactName.trim(), details: values.contactDetails.trim() } : null,
      language,
    },
  };
}

/** The order fields appear in, for the error summary. */
export const FIELD_ORDER = [
  'area',
  'organisation',
  'place_detail',
  'incident_date',
  'incident_month',
  'category',
  'perpetrator',
  'description',
  ...Array.from({ length: IDENTIFIER_ROWS }, (_, i) => [`id_kind_${i + 1}`, `id_value_${i + 1}`]).flat(),
  'support',
  'warn',
  'statistics',
  'police',
  'contact_name',
  'contact_details',
] as const;

export { IDENTIFIER_KINDS };
