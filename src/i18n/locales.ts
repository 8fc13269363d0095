/**
 * Locales, negotiation and direction. The language is chosen by a `lang`
 * query or form parameter (no cookie needed), then Accept-Language, then English.
 */
export const REPORTER_LOCALES = ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar'] as const;
export type ReporterLocale = (typeof REPORTER_LOCALES)[number];

/** Each language's name in itself, for the language switcher. */
export const ENDONYMS: Readonly<Record<string, string>> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ro: 'Română',
  ru: 'Русский',
  th: 'ไทย',
  ar: 'العربية',
};

/** Picks a supported locale from an explicit choice, then the Accept-Language header. */
export function negotiate<L extends string>(supported: readonly L[], explicit: string | undefined, acceptLanguage: string | undefined): L {
  const fallback = supported[0]!;
  const pick = (tag: string): L | undefined => {
    const lower = tag.trim().toLowerCase();
    if (!lower) return undefined;
    return supported.find((l) => l === lower) ?? supported.find((l) => l === lower.split('-')[0]);
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

/** 'rtl' or 'ltr' for a locale, from ICU's text info. */
export function direction(locale: string): 'ltr' | 'rtl' {
  const loc = new Intl.Locale(locale) as Intl.Locale & { textInfo?: { direction?: string }; getTextInfo?: () => { direction?: string } };
  const info = typeof loc.getTextInfo === 'function' ? loc.getTextInfo() : loc.textInfo;
  return info?.direction === 'rtl' ? 'rtl' : 'ltr';
}
