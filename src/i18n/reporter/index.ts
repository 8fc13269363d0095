/** The reporter surface's catalogs: English is the source, every other locale has exactly its keys. */
import { direction, REPORTER_LOCALES, type ReporterLocale } from '../locales.js';
import { makeTranslator, type Translator } from '../translator.js';
import { ar } from './ar.js';
import { en, type ReporterMessageId } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';

export type { ReporterMessageId };
export type ReporterTranslator = Translator<ReporterMessageId>;

const source = Object.fromEntries(Object.entries(en).map(([id, m]) => [id, m.message])) as Record<ReporterMessageId, string>;

/** Every reporter catalog as id -> message. */
export const reporterCatalogs: Readonly<Record<ReporterLocale, Readonly<Record<ReporterMessageId, string>>>> = {
  en: source,
  fr,
  es,
  ro,
  ru,
  th,
  ar,
};

const translators = new Map<ReporterLocale, ReporterTranslator>();

/** The translator for a reporter locale (built once per locale). */
export function reporterTranslator(locale: ReporterLocale): ReporterTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslator(locale, direction(locale), reporterCatalogs[locale]);
    translators.set(locale, t);
  }
  return t;
}

export { REPORTER_LOCALES };
