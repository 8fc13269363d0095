/**
 * The countries a report can come from: Europe and Central Asia, as in the
 * legal-models data (ISO 3166-1 alpha-2; XK is Kosovo). Names are rendered in
 * the reader's language with Intl.DisplayNames.
 */
export const COUNTRY_CODES = [
  'AL',
  'AM',
  'AT',
  'AZ',
  'BA',
  'BE',
  'BG',
  'BY',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GE',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'KG',
  'KZ',
  'LI',
  'LT',
  'LU',
  'LV',
  'MD',
  'ME',
  'MK',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'RS',
  'RU',
  'SE',
  'SI',
  'SK',
  'TJ',
  'TM',
  'TR',
  'UA',
  'UZ',
  'XK',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

export function isCountryCode(v: string): v is CountryCode {
  return (COUNTRY_CODES as readonly string[]).includes(v);
}

/** Names already looked up, per locale (a page lists dozens; asking ICU each time costs more than the rest of the list). */
const namesCache = new Map<string, { names: Intl.DisplayNames; known: Map<string, string> }>();

/** The country's name in the given locale. */
export function countryName(code: string, locale: string): string {
  let entry = namesCache.get(locale);
  if (!entry) {
    entry = { names: new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' }), known: new Map() };
    namesCache.set(locale, entry);
  }
  let name = entry.known.get(code);
  if (name === undefined) {
    name = entry.names.of(code) ?? code;
    // Codes come from Parasol's own lists, but a bound keeps a stray one from growing the map.
    if (entry.known.size < 1000) entry.known.set(code, name);
  }
  return name;
}
