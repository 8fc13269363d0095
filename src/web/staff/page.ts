/** What every staff view receives. */
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
