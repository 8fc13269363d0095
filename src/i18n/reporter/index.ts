/**
 * The reporter surface's catalogs: the core messages and one module per
 * capability, merged. English is the source; every other locale has exactly
 * its keys (a test checks).
 */
import { direction, REPORTER_LOCALES, type ReporterLocale } from '../locales.js';
import { makeTranslator, type Translator } from '../translator.js';
import { ar } from './ar.js';
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
import { th } from './th.js';

const modules = [services, safety, stats, consent, network] as const;

/** Every reporter message with its description for translators. */
export const reporterSource = Object.assign({}, en, services.en, safety.en, stats.en, consent.en, network.en);

export type ReporterMessageId = keyof typeof en | keyof typeof services.en | keyof typeof safety.en | keyof typeof stats.en | keyof typeof consent.en | keyof typeof network.en;
export type ReporterTranslator = Translator<ReporterMessageId>;

const core: Record<ReporterLocale, Record<string, string>> = {
  en: Object.fromEntries(Object.entries(en).map(([id, m]) => [id, m.message])),
  fr,
  es,
  ro,
  ru,
  th,
  ar,
};

function merged(locale: ReporterLocale): Record<ReporterMessageId, string> {
  const parts = modules.map((m) => (locale === 'en' ? Object.fromEntries(Object.entries(m.en).map(([id, x]) => [id, (x as { message: string }).message])) : m[locale]));
  return Object.assign({}, core[locale], ...parts) as Record<ReporterMessageId, string>;
}

/** Every reporter catalog as id -> message. */
export const reporterCatalogs: Readonly<Record<ReporterLocale, Readonly<Record<ReporterMessageId, string>>>> = Object.fromEntries(REPORTER_LOCALES.map((l) => [l, merged(l)])) as Record<
  ReporterLocale,
  Record<ReporterMessageId, string>
>;

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
