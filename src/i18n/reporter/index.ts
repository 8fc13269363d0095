/**
 * The reporter surface's catalogs: src/i18n/catalogs/reporter/<locale>.json,
 * one per locale the registry lists (src/i18n/locales.ts) and whose file is
 * there. English (en.json, with descriptions for translators) is the source;
 * every other locale has exactly its keys (a test checks). A catalog is read
 * the first time its locale is used.
 */
import type enSource from '../catalogs/reporter/en.json';
import { readCatalog, readSource } from '../files.js';
import { direction, intlLocale, REPORTER_LOCALES, type ReporterLocale } from '../locales.js';
import { makeTranslator, type Translator } from '../translator.js';

export type ReporterMessageId = keyof typeof enSource;
export type ReporterTranslator = Translator<ReporterMessageId>;

/** Every reporter message with its description for translators. */
export const reporterSource = readSource('reporter') as Readonly<Record<ReporterMessageId, { readonly message: string; readonly description: string }>>;

const english = readCatalog('reporter', 'en');

/** A reporter locale's catalog as id -> message. */
export function reporterCatalog(locale: ReporterLocale): Readonly<Record<string, string>> {
  return locale === 'en' ? english : readCatalog('reporter', locale);
}

const translators = new Map<ReporterLocale, ReporterTranslator>();

/** The translator for a reporter locale (built once per locale). */
export function reporterTranslator(locale: ReporterLocale): ReporterTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslator<ReporterMessageId>(locale, direction(locale), reporterCatalog(locale), { intl: intlLocale(locale), fallback: english });
    translators.set(locale, t);
  }
  return t;
}

export { REPORTER_LOCALES };
