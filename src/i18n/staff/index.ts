/**
 * The staff surface's catalogs: src/i18n/catalogs/staff/<locale>.json, one
 * per locale the registry lists for staff (src/i18n/locales.ts) and whose
 * file is there. English (en.json, with descriptions for translators) is the
 * source; every other locale has exactly its keys (a test checks). A message
 * missing from a catalog shows in English; under the tests it throws, so
 * that every staff page is checked to render without one.
 */
import type enSource from '../catalogs/staff/en.json';
import { readCatalog, readSource } from '../files.js';
import { direction, intlLocale, STAFF_LOCALES, type StaffLocale } from '../locales.js';
import { makeTranslator, type Translator } from '../translator.js';

export type StaffMessageId = keyof typeof enSource;
export type StaffTranslator = Translator<StaffMessageId>;
export { STAFF_LOCALES, type StaffLocale };

/** Every staff message with its description for translators. */
export const staffSource = readSource('staff') as Readonly<Record<StaffMessageId, { readonly message: string; readonly description: string }>>;

const english = readCatalog('staff', 'en');

/** A staff locale's catalog as id -> message. */
export function staffCatalog(locale: StaffLocale): Readonly<Record<string, string>> {
  return locale === 'en' ? english : readCatalog('staff', locale);
}

/** True under the tests (vitest sets VITEST; NODE_ENV=test elsewhere): a missing staff message then throws. */
const strict = Boolean(process.env.VITEST) || process.env.NODE_ENV === 'test';

const translators = new Map<StaffLocale, StaffTranslator>();

export function staffTranslator(locale: StaffLocale): StaffTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslator<StaffMessageId>(locale, direction(locale), staffCatalog(locale), { intl: intlLocale(locale), fallback: english, strict });
    translators.set(locale, t);
  }
  return t;
}
