/**
 * The staff surface's catalogs: the core messages and one module per
 * capability, merged. English is the source; every other locale has exactly
 * its keys (a test checks).
 */
import { direction } from '../locales.js';
import { makeTranslator, type Translator } from '../translator.js';
import { catalog as consent } from './consent/index.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { catalog as network } from './network/index.js';
import { catalog as safety } from './safety/index.js';
import { catalog as services } from './services/index.js';
import { catalog as stats } from './stats/index.js';

export const STAFF_LOCALES = ['en', 'fr', 'es', 'ro', 'ru'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

const modules = [services, safety, stats, consent, network] as const;

/** Every staff message with its description for translators. */
export const staffSource = Object.assign({}, en, services.en, safety.en, stats.en, consent.en, network.en);

export type StaffMessageId = keyof typeof en | keyof typeof services.en | keyof typeof safety.en | keyof typeof stats.en | keyof typeof consent.en | keyof typeof network.en;
export type StaffTranslator = Translator<StaffMessageId>;

const core: Record<StaffLocale, Record<string, string>> = {
  en: Object.fromEntries(Object.entries(en).map(([id, m]) => [id, m.message])),
  fr,
  es,
  ro,
  ru,
};

function merged(locale: StaffLocale): Record<StaffMessageId, string> {
  const parts = modules.map((m) => (locale === 'en' ? Object.fromEntries(Object.entries(m.en).map(([id, x]) => [id, (x as { message: string }).message])) : m[locale]));
  return Object.assign({}, core[locale], ...parts) as Record<StaffMessageId, string>;
}

export const staffCatalogs: Readonly<Record<StaffLocale, Readonly<Record<StaffMessageId, string>>>> = Object.fromEntries(STAFF_LOCALES.map((l) => [l, merged(l)])) as Record<
  StaffLocale,
  Record<StaffMessageId, string>
>;

const translators = new Map<StaffLocale, StaffTranslator>();

export function staffTranslator(locale: StaffLocale): StaffTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslator(locale, direction(locale), staffCatalogs[locale]);
    translators.set(locale, t);
  }
  return t;
}
