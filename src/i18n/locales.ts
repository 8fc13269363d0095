/**
 * The locale registry, negotiation and direction.
 *
 * Every language Parasol may speak is one line of LOCALES: its code (the
 * catalog files' name), its name in itself, its direction, its status on each
 * surface it serves, and the Intl locale its numbers and dates use where that
 * differs from the code. Adding a language takes its catalog files
 * (src/i18n/catalogs/<surface>/<code>.json, and the rights guides for the
 * reporter surface) and its line here; a registered language whose catalog is
 * not there yet is simply not offered (see docs/translating.md).
 *
 * Statuses are for translators and coordinators only (`parasol locales`): a
 * language that needs review still works in full and is shown like any other.
 *
 * The language is chosen by a `lang` query or form parameter (no cookie
 * needed), then Accept-Language, then English.
 */
import { hasCatalog, type Surface } from './files.js';

export type LocaleStatus = 'reviewed' | 'needs review';

export interface LocaleEntry {
  readonly code: string;
  /** The language's name in its own script, for the language list. */
  readonly endonym: string;
  readonly dir: 'ltr' | 'rtl';
  /** Its status on each surface it serves (absent: not on that surface). */
  readonly reporter?: LocaleStatus;
  readonly staff?: LocaleStatus;
  /** The locale given to Intl (numbers, dates, plurals) when it is not the code. */
  readonly intl?: string;
}

/**
 * sr is Serbian in Cyrillic script (CLDR's default for sr); sr-Latn asks get it too.
 * uz is Uzbek in Latin script (CLDR's default for uz).
 * th dates carry Buddhist-era years (2569 for 2026), as Thai readers expect.
 * fa numbers and dates use Persian digits (CLDR's default numbering for fa,
 * 'arabext') and the Solar Hijri calendar, fa's default.
 * ar keeps CLDR's default for ar (Western digits, Gregorian calendar), as before.
 */
export const LOCALES = [
  { code: 'en', endonym: 'English', dir: 'ltr', reporter: 'reviewed', staff: 'reviewed' },
  { code: 'fr', endonym: 'Français', dir: 'ltr', reporter: 'reviewed', staff: 'reviewed' },
  { code: 'es', endonym: 'Español', dir: 'ltr', reporter: 'reviewed', staff: 'reviewed' },
  { code: 'ro', endonym: 'Română', dir: 'ltr', reporter: 'reviewed', staff: 'reviewed' },
  { code: 'ru', endonym: 'Русский', dir: 'ltr', reporter: 'reviewed', staff: 'reviewed' },
  { code: 'th', endonym: 'ไทย', dir: 'ltr', reporter: 'reviewed', staff: 'needs review', intl: 'th-TH-u-ca-buddhist' },
  { code: 'ar', endonym: 'العربية', dir: 'rtl', reporter: 'reviewed', staff: 'needs review' },
  { code: 'bg', endonym: 'Български', dir: 'ltr', reporter: 'needs review', staff: 'needs review' },
  { code: 'hu', endonym: 'Magyar', dir: 'ltr', reporter: 'needs review', staff: 'needs review' },
  { code: 'uk', endonym: 'Українська', dir: 'ltr', reporter: 'needs review', staff: 'needs review' },
  { code: 'pl', endonym: 'Polski', dir: 'ltr', reporter: 'needs review' },
  { code: 'zh-Hans', endonym: '简体中文', dir: 'ltr', reporter: 'needs review', staff: 'needs review' },
  { code: 'pt', endonym: 'Português', dir: 'ltr', reporter: 'needs review', staff: 'needs review' },
  { code: 'it', endonym: 'Italiano', dir: 'ltr', reporter: 'needs review' },
  { code: 'de', endonym: 'Deutsch', dir: 'ltr', reporter: 'needs review' },
  { code: 'nl', endonym: 'Nederlands', dir: 'ltr', reporter: 'needs review' },
  { code: 'el', endonym: 'Ελληνικά', dir: 'ltr', reporter: 'needs review' },
  { code: 'sq', endonym: 'Shqip', dir: 'ltr', reporter: 'needs review' },
  { code: 'sr', endonym: 'Српски', dir: 'ltr', reporter: 'needs review' },
  { code: 'tr', endonym: 'Türkçe', dir: 'ltr', reporter: 'needs review' },
  { code: 'ka', endonym: 'ქართული', dir: 'ltr', reporter: 'needs review' },
  { code: 'kk', endonym: 'Қазақ тілі', dir: 'ltr', reporter: 'needs review' },
  { code: 'ky', endonym: 'Кыргызча', dir: 'ltr', reporter: 'needs review' },
  { code: 'uz', endonym: 'Oʻzbekcha', dir: 'ltr', reporter: 'needs review' },
  { code: 'fa', endonym: 'فارسی', dir: 'rtl', reporter: 'needs review' },
  { code: 'tl', endonym: 'Tagalog', dir: 'ltr', reporter: 'needs review' },
  { code: 'vi', endonym: 'Tiếng Việt', dir: 'ltr', reporter: 'needs review' },
] as const satisfies readonly LocaleEntry[];

type Registered = (typeof LOCALES)[number];
/** Every locale registered for the reporter surface (and members' pages). */
export type ReporterLocale = Extract<Registered, { reporter: LocaleStatus }>['code'];
/** Every locale registered for the staff surface. */
export type StaffLocale = Extract<Registered, { staff: LocaleStatus }>['code'];

const entries: readonly LocaleEntry[] = LOCALES;

/** The registered locales of a surface, in the registry's order. */
export function registeredLocales(surface: Surface): string[] {
  return entries.filter((l) => l[surface]).map((l) => l.code);
}

/** Registered locales of a surface whose catalog is not there (yet): not offered. */
export function missingLocales(surface: Surface): string[] {
  return registeredLocales(surface).filter((l) => !hasCatalog(surface, l));
}

/** The reporter locales offered: registered, with a catalog. English first. */
export const REPORTER_LOCALES: readonly ReporterLocale[] = registeredLocales('reporter').filter((l) => hasCatalog('reporter', l)) as ReporterLocale[];
/** The staff locales offered: registered, with a catalog. English first. */
export const STAFF_LOCALES: readonly StaffLocale[] = registeredLocales('staff').filter((l) => hasCatalog('staff', l)) as StaffLocale[];

/** Each language's name in itself, for the language lists. */
export const ENDONYMS: Readonly<Record<string, string>> = Object.fromEntries(entries.map((l) => [l.code, l.endonym]));

/** A registered locale's line, or undefined. */
export function localeEntry(code: string): LocaleEntry | undefined {
  return entries.find((l) => l.code === code);
}

/** The locale Intl formats a language's numbers, dates and plurals with. */
export function intlLocale(code: string): string {
  return localeEntry(code)?.intl ?? code;
}

/**
 * Language tags that name a registered locale by another tag (lower case).
 * Anything else falls back one subtag at a time (pt-BR -> pt, sr-Latn-RS -> sr).
 */
const ALIASES: Readonly<Record<string, string>> = {
  zh: 'zh-Hans',
  'zh-cn': 'zh-Hans',
  'zh-sg': 'zh-Hans',
  'zh-my': 'zh-Hans',
  fil: 'tl',
};

/** Picks a supported locale from an explicit choice, then the Accept-Language header. */
export function negotiate<L extends string>(supported: readonly L[], explicit: string | undefined, acceptLanguage: string | undefined): L {
  const fallback = supported[0]!;
  const byLower = new Map(supported.map((l) => [l.toLowerCase(), l]));
  const pick = (tag: string): L | undefined => {
    const subtags = tag.trim().toLowerCase().replace(/_/g, '-').split('-').filter(Boolean).slice(0, 8);
    for (let n = subtags.length; n > 0; n--) {
      const t = subtags.slice(0, n).join('-');
      const found = byLower.get(t) ?? byLower.get(ALIASES[t]?.toLowerCase() ?? '');
      if (found) return found;
    }
    return undefined;
  };
  if (explicit) {
    const chosen = pick(explicit);
    if (chosen) return chosen;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .slice(0, 20)
      .map((part, i) => {
        const [tag = '', ...params] = part.split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q ? Number(q.slice(2)) : 1;
        return { tag, weight: Number.isFinite(weight) ? weight : 0, i };
      })
      .filter((x) => x.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.i - b.i);
    for (const { tag } of ranked) {
      const chosen = pick(tag);
      if (chosen) return chosen;
    }
  }
  return fallback;
}

/** 'rtl' or 'ltr' for a locale: the registry's, else ICU's text info. */
export function direction(locale: string): 'ltr' | 'rtl' {
  const registered = localeEntry(locale);
  if (registered) return registered.dir;
  const loc = new Intl.Locale(locale) as Intl.Locale & { textInfo?: { direction?: string }; getTextInfo?: () => { direction?: string } };
  const info = typeof loc.getTextInfo === 'function' ? loc.getTextInfo() : loc.textInfo;
  return info?.direction === 'rtl' ? 'rtl' : 'ltr';
}
