/** What every staff view receives. */
import { reporterTranslator, type ReporterMessageId } from '../../i18n/reporter/index.js';
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

/** Category, perpetrator and identifier labels come from the reporter catalog, in the staff page's language (every staff locale is a reporter locale). */
export function reporterLabel(page: StaffPage): (id: string) => string {
  const r = reporterTranslator(page.lang);
  return (id) => r.t(id as ReporterMessageId);
}
