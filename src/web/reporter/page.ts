/** What every reporter view receives: the translator, the language and the per-request tokens. */
import type { ReporterLocale } from '../../i18n/locales.js';
import type { ReporterTranslator } from '../../i18n/reporter/index.js';

export interface ReporterPage {
  readonly t: ReporterTranslator['t'];
  readonly i18n: ReporterTranslator;
  readonly lang: ReporterLocale;
  /** The path of the current page, for the language switcher. */
  readonly path: string;
  readonly quickExitUrl: string;
  /** True on a demo installation: every page then says so. */
  readonly demo: boolean;
  /** A fresh CSRF token for forms on this page. */
  readonly csrf: () => string;
}
