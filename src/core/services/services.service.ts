/**
 * The services directory as staff change it: an organisation's own entries
 * (checked against the areas it covers), CSV import and export (the export is
 * audit-logged), and what a case's referrals page shows. Routes call these and
 * render; the SQL is in the repositories.
 */
import { ciphertextFromBytes, decryptJson } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { CaseAccess } from '../cases/cases.service.js';
import { listAllAreas, organisationAreas, staffNames } from '../organisations/organisations.repository.js';
import type { ReportContent } from '../reports/report.types.js';
import { aad } from '../reports/reports.service.js';
import { dayOf, type CoreDeps } from '../shared/deps.js';
import { listReferrals, rankServices, type CaseReferral, type RankedService } from './referrals.service.js';
import { importServicesCsv, exportServicesCsv, type ImportResult } from './services.csv.js';
import { activeServices, insertService, replaceTranslations, updateService } from './services.repository.js';
import { isTextLanguage } from '../shared/languages.js';
import { REPORTER_LOCALES } from '../../i18n/locales.js';
import type { Service } from './services.types.js';
import { validateService, type ServiceFields, type ServiceProblem } from './services.validation.js';
import type { OrganisationId, ServiceId } from '../shared/ids.js';

export type SaveServiceResult = { readonly ok: true } | { readonly ok: false; readonly problems: readonly ServiceProblem[] };

/**
 * Checks a posted service form and stores it as one of the organisation's
 * entries (a new one when serviceId is null). A service must lie in an area
 * the organisation covers.
 */
export async function saveOwnService(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  organisationId: OrganisationId,
  serviceId: ServiceId | null,
  values: ServiceFields,
  malformed: ReadonlySet<string>,
): Promise<SaveServiceResult> {
  const areas = await listAllAreas(deps.db);
  const covered = await organisationAreas(deps.db, organisationId);
  const result = validateService(values, { areas, today: dayOf(deps.clock), malformed, covered });
  if (!result.ok) return { ok: false, problems: result.problems };
  const day = dayOf(deps.clock);
  if (serviceId) await updateService(deps.db, organisationId, serviceId, result.input, day);
  else await insertService(deps.db, organisationId, result.input, day);
  return { ok: true };
}

/** Imports CSV text into the organisation's entries (see importServicesCsv). */
export async function importOwnServices(deps: Pick<CoreDeps, 'db' | 'clock'>, organisationId: OrganisationId, text: string): Promise<ImportResult> {
  const areas = await listAllAreas(deps.db);
  return importServicesCsv(deps.db, text, { organisationId, areas, today: dayOf(deps.clock) });
}

/** The organisation's entries as CSV; the export is audit-logged with its row count. */
export async function exportOwnServices(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser): Promise<{ csv: string; count: number }> {
  const { csv, count } = await exportServicesCsv(deps.db, user.organisationId);
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'export', detail: { what: 'services', count } });
  return { csv, count };
}

/** What a case's referrals page shows. */
export interface ReferralsPage {
  readonly referrals: readonly CaseReferral[];
  /** Services in the report's country, best fit first. */
  readonly ranked: readonly RankedService[];
  /** Active services in other countries. */
  readonly others: readonly Service[];
  /** Staff display names by user id, for who recorded each referral. */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * The referrals of an open case and the services to choose from, ranked by
 * the report's place, incident and language. The report's content is
 * decrypted only to read its language; reading the referrals is logged.
 */
export async function referralsPage(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser, access: Extract<CaseAccess, { kind: 'ok' }>): Promise<ReferralsPage> {
  const report = access.report;
  const content = decryptJson<ReportContent>(access.contentKey, ciphertextFromBytes(Buffer.from(report.body)), aad.body(report.id));
  const [referrals, services, names] = await Promise.all([listReferrals(deps, user, access), activeServices(deps.db), staffNames(deps.db, user.organisationId)]);
  const ranked = rankServices(
    services.filter((s) => s.countryCode === report.country_code),
    { countryCode: report.country_code, areaId: report.area_id, categories: report.categories.split(' ').filter(Boolean), language: content.language },
  );
  const others = services.filter((s) => s.countryCode !== report.country_code);
  return { referrals, ranked, others, names };
}

/** The longest description in any language (the same as the entry's own). */
export const DESCRIPTION_MAX = 1000;

export type DescriptionsProblem =
  { readonly field: string; readonly id: 'tooLong'; readonly max: number; readonly length: number } | { readonly field: string; readonly id: 'unknownChoice' | 'brokenText' };

/**
 * Saves one of the organisation's entries' descriptions in the readers'
 * languages (an empty text removes that language) and the language its own
 * description is written in. Readers see their language first, then the
 * organisation's own description, then any other.
 */
export async function saveServiceDescriptions(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  organisationId: OrganisationId,
  serviceId: ServiceId,
  ownLang: string,
  texts: Readonly<Record<string, string>>,
  malformed: ReadonlySet<string>,
): Promise<{ ok: true } | { ok: false; problems: readonly DescriptionsProblem[] } | { ok: false; refused: 'notFound' }> {
  const problems: DescriptionsProblem[] = [];
  if (ownLang && !isTextLanguage(ownLang)) problems.push({ field: 'own_lang', id: 'unknownChoice' });
  const kept: Record<string, string> = {};
  for (const lang of REPORTER_LOCALES) {
    const field = `description_${lang}`;
    const text = (texts[lang] ?? '').trim();
    const length = [...text].length;
    if (malformed.has(field)) problems.push({ field, id: 'brokenText' });
    else if (length > DESCRIPTION_MAX) problems.push({ field, id: 'tooLong', max: DESCRIPTION_MAX, length });
    else if (text) kept[lang] = text;
  }
  if (problems.length) return { ok: false, problems };
  const saved = await deps.db.transaction().execute((trx) => replaceTranslations(trx, organisationId, serviceId, ownLang || null, kept, dayOf(deps.clock)));
  return saved ? { ok: true } : { ok: false, refused: 'notFound' };
}
