/**
 * The countries a report can come from: Europe and Central Asia, as in the
 * legal-models data (ISO 3166-1 alpha-2; XK is Kosovo). Names are rendered in
 * the reader's language with Intl.DisplayNames.
 */
export const COUNTRY_CODES = [
  'AL', 'AM', 'AT', 'AZ', 'BA', 'BE', 'BG', 'BY', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB',
  'GE', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'KG', 'KZ', 'LI', 'LT', 'LU', 'LV', 'MD', 'ME', 'MK', 'MT', 'NL',
  'NO', 'PL', 'PT', 'RO', 'RS', 'RU', 'SE', 'SI', 'SK', 'TJ', 'TM', 'TR', 'UA', 'UZ', 'XK',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

export function isCountryCode(v: string): v is CountryCode {
  return (COUNTRY_CODES as readonly string[]).includes(v);
}

const namesCache = new Map<string, Intl.DisplayNames>();

/** The country's name in the given locale. */
export function countryName(code: string, locale: string): string {
  let dn = namesCache.get(locale);
  if (!dn) {
    dn = new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' });
    namesCache.set(locale, dn);
  }
  return dn.of(code) ?? code;
}
