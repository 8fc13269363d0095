/** The staff surface's catalogs: English is the source, every other locale has exactly its keys. */
import { direction } from '../locales.js';
import { makeTranslator, type Translator } from '../translator.js';
import { en, type StaffMessageId } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';

export const STAFF_LOCALES = ['en', 'fr', 'es', 'ro', 'ru'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];
export type { StaffMessageId };
export type StaffTranslator = Translator<StaffMessageId>;

const source = Object.fromEntries(Object.entries(en).map(([id, m]) => [id, m.message])) as Record<StaffMessageId, string>;

export const staffCatalogs: Readonly<Record<StaffLocale, Readonly<Record<StaffMessageId, string>>>> = { en: source, fr, es, ro, ru };

const translators = new Map<StaffLocale, StaffTranslator>();

export function staffTranslator(locale: StaffLocale): StaffTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslator(locale, direction(locale), staffCatalogs[locale]);
    translators.set(locale, t);
  }
  return t;
}
