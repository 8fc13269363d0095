/**
 * Languages that text written by staff (a warning's free text, a service's
 * own description) may be marked as written in, as BCP 47 codes: the
 * reporter locales and the languages organisations of the network commonly
 * write in. Readers see a language's name in their own language
 * (Intl.DisplayNames), so no catalog message is needed per language.
 */
export const TEXT_LANGUAGES = ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar', 'de', 'it', 'pt', 'pl', 'bg', 'hu', 'uk', 'zh', 'nl'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

export function isTextLanguage(v: string): v is TextLanguage {
  return (TEXT_LANGUAGES as readonly string[]).includes(v);
}
