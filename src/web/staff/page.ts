/** What every staff view receives. */
import type { ReporterLocale } from '../../i18n/locales.js';
import { REPORTER_LOCALES, reporterTranslator, type ReporterMessageId, type ReporterTranslator } from '../../i18n/reporter/index.js';
import type { StaffLocale, StaffTranslator } from '../../i18n/staff/index.js';
import type { StaffAuth } from './accounts/staff-session.js';

export interface StaffPage {
  readonly t: StaffTranslator['t'];
  readonly i18n: StaffTranslator;
  readonly lang: StaffLocale;
  readonly path: string;
  readonly csrf: () => string;
  readonly auth: StaffAuth | null;
  readonly organisationName: string;
  /** True on a demo installation: every page then says so. */
  readonly demo: boolean;
  /** A one-off notice carried over a redirect. */
  readonly flash: string | null;
}

/** Short, stable reference for a report: its first 8 hex characters. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * Public wording (categories, perpetrators, identifiers, agencies, figures) from the reporter catalog, in the
 * staff page's language; in English when that language has no reporter catalog (a staff locale added first).
 */
export function reporterWords(page: Pick<StaffPage, 'lang'>): ReporterTranslator {
  const lang: ReporterLocale = (REPORTER_LOCALES as readonly string[]).includes(page.lang) ? (page.lang as ReporterLocale) : 'en';
  return reporterTranslator(lang);
}

/** Category, perpetrator and identifier labels from the reporter catalog, in the staff page's language (or English). */
export function reporterLabel(page: Pick<StaffPage, 'lang'>): (id: string) => string {
  const r = reporterWords(page);
  return (id) => r.t(id as ReporterMessageId);
}
